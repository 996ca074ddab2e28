import type { Readable } from 'node:stream';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import type { Opportunity as OpportunityView } from '../../../types/opportunities';
import { AppError, invalid, notFound } from '../../core/errors';
import { deleteFile, openFile, saveFile, sizeLimit, uploadedFile } from '../files';
import { Opportunity, type OpportunityDoc } from './opportunity.model';
import { opportunities, opportunityFor } from './opportunities.policy';
import { opportunityViews, recordEvent } from './opportunities.service';

/** Quotes, minutes, drawings: what a stage task may ask for, up to this size. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Attaches a file (the body, or a multipart file as a mini-program's uploadFile sends it) to an open opportunity,
 * for one of the current stage's attachment tasks or on its own. The file is removed again if the opportunity
 * changed meanwhile, so nothing is left half written.
 */
export async function attach(id: string, taskKey: string | undefined, koa: Context): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'advance', ['open']);
  const stage = doc.process.stages[doc.stageIndex];
  const task = taskKey ? stage.tasks.find((t) => t.key === taskKey && t.kind === 'attachment') : undefined;
  if (taskKey && !task) throw invalid([{ path: 'query.taskKey', code: 'invalid_reference', message: 'attachment_task_unknown' }]);
  const { stream, filename, cutShort } = await uploadedFile(koa, 'attachment', 'file.unreadable');
  const stored = await saveFile(stream.pipe(sizeLimit(ATTACHMENT_MAX_BYTES)), filename, String(koa.get('content-type') || 'application/octet-stream'));
  if (cutShort()) {
    await deleteFile(stored.id);
    throw new AppError(400, 'file.unreadable');
  }
  const updated = await Opportunity.findOneAndUpdate(
    { _id: doc._id, state: 'open', stageIndex: doc.stageIndex },
    { $push: { attachments: { fileId: new Types.ObjectId(stored.id), filename, taskKey: task ? `${stage.key}.${task.key}` : null, at: new Date() } } },
    { new: true },
  ).lean<OpportunityDoc>();
  if (!updated) {
    await deleteFile(stored.id);
    throw new AppError(409, 'opportunity.changed');
  }
  await recordEvent(doc, 'attachment', { text: filename });
  return (await opportunityViews([updated]))[0];
}

/** An attached file, to whoever may see the opportunity. */
export async function download(id: string, fileId: string, koa: Context): Promise<Readable> {
  const doc = await opportunities.get(id);
  const attached = doc.attachments.find((a) => a.fileId.toHexString() === fileId);
  if (!attached) throw notFound();
  const { info, stream } = await openFile(fileId);
  koa.type = info.contentType.startsWith('multipart/') ? 'application/octet-stream' : info.contentType;
  koa.set('content-disposition', `attachment; filename="${attached.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attached.filename)}`);
  return stream;
}
