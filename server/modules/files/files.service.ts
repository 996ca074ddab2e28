import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { currentContext } from '../../core/context';
import { notFound } from '../../core/errors';

/**
 * Files (uploads, generated error reports, later product images) in GridFS beside the data, each stamped with its
 * tenant: a file of another tenant reads as missing, like any other record.
 */
const { GridFSBucket, ObjectId } = mongoose.mongo;

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('files need a connected mongoose');
  return new GridFSBucket(db, { bucketName: 'files' });
}

function tenant(): string {
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new Error('files need a tenant in context');
  return tenantId;
}

export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  length: number;
}

/** Streams `source` into a new file of the caller's tenant. */
export async function saveFile(source: Readable, filename: string, contentType: string): Promise<StoredFile> {
  const upload = bucket().openUploadStream(filename, { metadata: { tenantId: tenant(), contentType } });
  await pipeline(source, upload);
  return { id: upload.id.toString(), filename, contentType, length: upload.length };
}

export async function fileInfo(id: string): Promise<StoredFile> {
  if (!ObjectId.isValid(id)) throw notFound();
  const [file] = await bucket().find({ _id: new ObjectId(id), 'metadata.tenantId': tenant() }).toArray();
  if (!file) throw notFound();
  return { id, filename: file.filename, contentType: String(file.metadata?.contentType ?? 'application/octet-stream'), length: file.length };
}

/** The file's content as a stream, once its tenant is checked. */
export async function openFile(id: string): Promise<{ info: StoredFile; stream: Readable }> {
  const info = await fileInfo(id);
  return { info, stream: bucket().openDownloadStream(new ObjectId(id)) };
}

export async function deleteFile(id: string): Promise<void> {
  await fileInfo(id);
  await bucket().delete(new ObjectId(id));
}
