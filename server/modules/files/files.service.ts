import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { currentContext } from '../../core/context';
import { PassThrough, Transform, type Readable as ReadableStream } from 'node:stream';
import busboy from 'busboy';
import type { Context } from 'koa';
import type { ErrorCode } from '../../../types/errors';
import { AppError, notFound } from '../../core/errors';

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
export async function saveFile(source: ReadableStream, filename: string, contentType: string): Promise<StoredFile> {
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
export async function openFile(id: string): Promise<{ info: StoredFile; stream: ReadableStream }> {
  const info = await fileInfo(id);
  return { info, stream: bucket().openDownloadStream(new ObjectId(id)) };
}

export async function deleteFile(id: string): Promise<void> {
  await fileInfo(id);
  await bucket().delete(new ObjectId(id));
}

/** Passes a stream through until it exceeds `maxBytes`, then fails it with 413 (nothing larger is stored). */
export function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new AppError(413, 'request.too_large') : null, chunk);
    },
  });
}

// ---- Upload -----------------------------------------------------------------------------------------------------
/** The uploaded file: the body itself, or the first file of a multipart form (what a mini-program's uploadFile sends). */
export function uploadedFile(koa: Context, fallbackName: string, unreadableCode: ErrorCode): Promise<{ stream: ReadableStream; filename: string; cutShort: () => boolean }> {
  if (!koa.is('multipart/form-data')) return Promise.resolve({ stream: koa.req, filename: String(koa.query.filename ?? fallbackName), cutShort: () => !koa.req.complete });
  return new Promise((resolve, reject) => {
    // A malformed form (no boundary, cut short) is the sender's mistake: 400, never 500.
    const unreadable = () => reject(new AppError(400, unreadableCode));
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: koa.req.headers, limits: { files: 1 }, defParamCharset: 'utf8' });
    } catch {
      return unreadable();
    }
    form.on('file', (_field, stream, info) => {
      // A form cut short fails the file stream at once, before anyone reads it: the failure is noted and the copy
      // ends, and the upload is refused once stored.
      let cut = false;
      const body = new PassThrough();
      stream.on('error', () => {
        cut = true;
        body.end();
      });
      stream.pipe(body);
      resolve({ stream: body, filename: info.filename || fallbackName, cutShort: () => cut });
    });
    form.on('error', unreadable);
    form.on('close', unreadable);
    koa.req.pipe(form);
  });
}

