import type { Readable } from 'node:stream';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import { PICTURE_MAX_BYTES, PICTURES_PER_PRODUCT } from '../../../types/catalog';
import { AppError, conflict, notFound } from '../../core/errors';
import { audit } from '../audit/audit.service';
import { deleteFile, openFile, saveFile, sizeLimit, uploadedFile } from '../files';
import { Product, type ProductDoc } from './catalog.model';
import { getProduct, products, type ProductView } from './catalog.service';

const IMAGE_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** What the picture is, from its own type or (a mini-program's multipart upload) its name; anything else is refused. */
function imageType(koa: Context, filename: string): string {
  const declared = koa.get('content-type').split(';')[0].trim();
  const type = Object.values(IMAGE_TYPES).includes(declared) ? declared : IMAGE_TYPES[filename.split('.').pop()?.toLowerCase() ?? ''];
  if (!type) throw new AppError(415, 'request.unsupported_media_type', 'Upload a JPEG, PNG or WebP picture');
  return type;
}

/** Adds a picture to a product (GridFS). It is removed again if the product reached its limit meanwhile. */
export async function addImage(id: string, koa: Context): Promise<ProductView> {
  const product = await products.get(id);
  if (product.imageIds.length >= PICTURES_PER_PRODUCT) throw conflict('state.illegal_transition', `A product has at most ${PICTURES_PER_PRODUCT} pictures`);
  const { stream, filename, cutShort } = await uploadedFile(koa, 'image', 'file.unreadable');
  const type = imageType(koa, filename);
  const stored = await saveFile(stream.pipe(sizeLimit(PICTURE_MAX_BYTES)), filename, type);
  const imageId = new Types.ObjectId(stored.id);
  const added = !cutShort() && (await Product.updateOne({ _id: product._id, [`imageIds.${PICTURES_PER_PRODUCT - 1}`]: { $exists: false } }, { $push: { imageIds: imageId } })).modifiedCount === 1;
  if (!added) {
    await deleteFile(stored.id);
    throw cutShort() ? new AppError(400, 'file.unreadable') : conflict('state.illegal_transition', `A product has at most ${PICTURES_PER_PRODUCT} pictures`);
  }
  await audit('product.image_add', { type: 'product', id: product._id }, { imageIds: product.imageIds }, { imageIds: [...product.imageIds, imageId] }, ['imageIds']);
  return getProduct(id);
}

async function imageOf(id: string, imageId: string): Promise<{ product: ProductDoc; imageId: Types.ObjectId }> {
  const product = await products.get(id);
  const found = product.imageIds.find((image) => image.toHexString() === imageId);
  if (!found) throw notFound();
  return { product, imageId: found };
}

/** A product's picture, to whoever may see the product. */
export async function readImage(id: string, imageId: string, koa: Context): Promise<Readable> {
  await imageOf(id, imageId);
  const { info, stream } = await openFile(imageId);
  koa.type = info.contentType;
  koa.set('cache-control', 'private, max-age=86400');
  // Served as the type it was stored with, never sniffed into something a browser would run.
  koa.set('x-content-type-options', 'nosniff');
  return stream;
}

export async function removeImage(id: string, imageId: string): Promise<ProductView> {
  const { product, imageId: image } = await imageOf(id, imageId);
  await Product.updateOne({ _id: product._id }, { $pull: { imageIds: image } });
  await deleteFile(imageId).catch(() => undefined); // already gone: the product no longer names it either way
  await audit('product.image_remove', { type: 'product', id: product._id }, { imageIds: product.imageIds }, { imageIds: product.imageIds.filter((i) => !i.equals(image)) }, ['imageIds']);
  return getProduct(id);
}
