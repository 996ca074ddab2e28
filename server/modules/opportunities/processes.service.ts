import { Types, type FilterQuery } from 'mongoose';
import type { SalesProcess as SalesProcessView } from '../../../types/opportunities';
import { salesProcessInput } from '../../../types/opportunities';
import { caller } from '../../core/context';
import { conflict, invalid } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { audit } from '../audit/audit.service';
import { Level, Partner } from '../partners';
import { SalesProcess, type SalesProcessDoc } from './opportunity.model';

const hex = (id: Types.ObjectId) => id.toHexString();
/** Upstream staff see every process; partner staff the ones that apply to their level (made for it, or for every level). */
async function visibleProcesses(): Promise<FilterQuery<SalesProcessDoc>> {
  const { partnerId } = caller();
  if (!partnerId) return {};
  const partner = await Partner.findOne({ _id: new Types.ObjectId(partnerId) }, { levelId: 1 }).lean();
  return partner ? { $or: [{ levelIds: { $size: 0 } }, { levelIds: partner.levelId }] } : { _id: null };
}
const processes = new ScopedRepository(SalesProcess, visibleProcesses);

function processView(doc: SalesProcessDoc): SalesProcessView {
  return {
    id: hex(doc._id),
    name: doc.name,
    description: doc.description,
    levelIds: doc.levelIds.map(hex),
    stages: doc.stages.map((s) => ({ key: s.key, name: s.name, probability: s.probability, tasks: s.tasks.map((t) => ({ key: t.key, kind: t.kind, label: t.label, ...(t.field ? { field: t.field } : {}) })) })),
    registrationDays: doc.registrationDays,
    active: doc.active,
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

async function checkLevels(levelIds: string[]): Promise<void> {
  const wanted = [...new Set(levelIds)];
  if (wanted.length && (await Level.countDocuments({ _id: { $in: wanted.map((id) => new Types.ObjectId(id)) } })) !== wanted.length) {
    throw invalid([{ path: 'body.levelIds', code: 'invalid_reference', message: 'level_unknown' }]);
  }
}

const duplicateName = (error: unknown) => {
  if ((error as { code?: number }).code === 11000) throw conflict('resource.duplicate', 'A sales process with this name exists');
  throw error;
};

export async function listProcesses(): Promise<SalesProcessView[]> {
  return (await SalesProcess.find(await processes.scope()).sort({ name: 1 }).lean<SalesProcessDoc[]>()).map(processView);
}

export async function getProcess(id: string): Promise<SalesProcessView> {
  return processView(await processes.get(id));
}

export async function createProcess(input: ReturnType<typeof salesProcessInput.parse>): Promise<SalesProcessView> {
  await checkLevels(input.levelIds);
  const created = await SalesProcess.create({ ...input, version: 1 }).catch(duplicateName);
  await audit('sales_process.create', { type: 'sales_process', id: created._id }, {}, created.toObject(), ['name', 'version']);
  return processView(created.toObject());
}

/**
 * Replaces a process with a new version. Running opportunities carry the version they started with, so an edit
 * changes only what new opportunities follow.
 */
export async function replaceProcess(id: string, input: ReturnType<typeof salesProcessInput.parse>): Promise<SalesProcessView> {
  const before = await processes.get(id);
  await checkLevels(input.levelIds);
  const updated = await SalesProcess.findOneAndUpdate({ _id: before._id, version: before.version }, { $set: input, $inc: { version: 1 } }, { new: true })
    .lean<SalesProcessDoc>()
    .catch(duplicateName);
  if (!updated) throw conflict('resource.duplicate', 'The process was changed meanwhile; reload it');
  await audit('sales_process.update', { type: 'sales_process', id: before._id }, before, updated, ['name', 'stages', 'levelIds', 'active', 'version']);
  return processView(updated);
}
