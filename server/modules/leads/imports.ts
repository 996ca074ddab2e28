import { randomUUID } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import type { Locale } from '../../../types/locale';
import type { DuplicateHolder } from '../../../types/duplicates';
import { checkInput } from '../../../types/field-messages';
import { IMPORT_FIELDS, IMPORT_MAX_BYTES, leadInput, type ImportField, type ImportStartBody, type LeadImport as LeadImportView } from '../../../types/leads';
import { normalizeCompanyName, normalizePhone } from '../../../types/normalize';
import { caller, runWithContext } from '../../core/context';
import { AppError, illegalTransition, invalid, type FieldProblem } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { ScopedRepository } from '../../core/repository';
import { createSheetWriter, detectFormat, readRows, SHEET_TYPES, UnreadableSheet, type SheetFormat } from '../../core/spreadsheet';
import { User } from '../auth';
import { deleteFile, openFile, saveFile, uploadedFile } from '../files';
import { distribute, poolOf } from './handover';
import { Lead, LeadEvent, LeadKey, type LeadDoc } from './lead.model';
import { LeadImport, LeadImportError, type LeadImportDoc } from './import.model';
import { duplicateHolder } from '../partners/partners.policy';

const BATCH = 500;
const SAMPLE_ROWS = 3;
/** A running import that shows no progress for this long is presumed dead and taken over. */
const STALE_MS = 60_000;
/** Runs an import gets before an error that keeps coming back fails it. */
const MAX_ATTEMPTS = 3;
const hex = (id: Types.ObjectId) => id.toHexString();

/** Texts that end up in the error file, in the importer's language. */
const TEXT: Record<Locale, { row: string; reason: string; inFile: string; fields: Record<string, string>; holder: Record<DuplicateHolder, string> }> = {
  'zh-CN': {
    row: '行号',
    reason: '错误原因',
    inFile: '与文件中前面的行重复',
    fields: { company: '公司名称', contactName: '联系人', phone: '电话', region: '地区', province: '省份代码', city: '城市代码', district: '区县代码', notes: '备注' },
    holder: { self: '已存在：您已录入', own_partner: '已存在：本公司已报备', other_partner: '已存在：其他伙伴已报备', upstream: '已存在：厂商正在跟进', pool: '已存在：已在线索池中' },
  },
  'en-US': {
    row: 'Row',
    reason: 'Reason',
    inFile: 'Repeats an earlier row of the file',
    fields: { company: 'Company', contactName: 'Contact', phone: 'Phone', region: 'Region', province: 'Province code', city: 'City code', district: 'District code', notes: 'Notes' },
    holder: { self: 'Exists: you entered it', own_partner: 'Exists: reported by your company', other_partner: 'Exists: reported by another partner', upstream: 'Exists: followed by the manufacturer', pool: 'Exists: already in a lead pool' },
  },
};
/** Header names people use for each field, to suggest a mapping. */
const HEADER_NAMES: Record<ImportField, string[]> = {
  company: ['公司名称', '公司', '企业名称', '客户名称', '单位名称', 'company', 'companyname'],
  contactName: ['联系人', '姓名', '联系人姓名', 'contact', 'contactname', 'name'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', 'phone', 'mobile', 'tel'],
  province: ['省份代码', '省份', '省', 'province'],
  city: ['城市代码', '城市', '市', 'city'],
  district: ['区县代码', '区县', '区', 'district'],
  notes: ['备注', '说明', 'notes', 'note', 'remark'],
};

function suggestMapping(columns: string[]): Partial<Record<ImportField, number>> {
  const folded = columns.map((c) => c.normalize('NFKC').toLowerCase().replace(/[\s_-]/g, ''));
  const mapping: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const index = folded.findIndex((header) => HEADER_NAMES[field].includes(header));
    if (index >= 0) mapping[field] = index;
  }
  return mapping;
}

/** Upstream staff run imports; each sees their own, an admin all. */
const imports = new ScopedRepository(LeadImport, () => {
  const { roles, userId } = caller();
  return roles.includes('admin') ? {} : { createdBy: new Types.ObjectId(userId) };
});

function view(doc: LeadImportDoc): LeadImportView {
  return {
    id: hex(doc._id),
    filename: doc.filename,
    format: doc.format,
    state: doc.state,
    columns: doc.columns,
    sample: doc.sample,
    suggested: suggestMapping(doc.columns),
    totalRows: doc.totalRows,
    processed: doc.processed,
    imported: doc.imported,
    failed: doc.failed,
    hasErrorFile: Boolean(doc.errorFileId),
    failure: doc.failure,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

// ---- Upload -----------------------------------------------------------------------------------------------------
/** Passes bytes through, keeping the first ones (to tell the format) and refusing more than the limit. */
function limitAndPeek() {
  let seen = 0;
  let head = Buffer.alloc(0);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > IMPORT_MAX_BYTES) return done(new AppError(413, 'request.too_large'));
      if (head.length < 512) head = Buffer.concat([head, chunk]).subarray(0, 512);
      done(null, chunk);
    },
  });
  return { transform, head: () => head };
}

async function firstRows(fileId: string, format: SheetFormat): Promise<string[][]> {
  const { stream } = await openFile(fileId);
  const rows: string[][] = [];
  for await (const row of readRows(stream, format)) {
    rows.push(row);
    if (rows.length > SAMPLE_ROWS) break;
  }
  stream.destroy();
  return rows;
}

/** Stores the file, reads its header and first rows, and answers them with a suggested mapping. Nothing is imported yet. */
export async function uploadImport(koa: Context): Promise<LeadImportView> {
  const { userId, locale } = caller();
  const { stream, filename, cutShort } = await uploadedFile(koa, 'import', 'import.unreadable');
  const { transform, head } = limitAndPeek();
  const stored = await saveFile(stream.pipe(transform), filename, 'application/octet-stream');
  const format = detectFormat(head());
  const refuse = async (code: 'import.unreadable' | 'import.empty') => {
    await deleteFile(stored.id);
    return new AppError(400, code);
  };
  if (!format || cutShort()) throw await refuse('import.unreadable');
  let rows: string[][];
  try {
    rows = await firstRows(stored.id, format);
  } catch (error) {
    if (error instanceof UnreadableSheet) throw await refuse('import.unreadable');
    throw error;
  }
  if (rows.length < 2) throw await refuse('import.empty');
  const created = await LeadImport.create({
    createdBy: new Types.ObjectId(userId),
    locale,
    filename,
    format,
    fileId: stored.id,
    state: 'uploaded',
    columns: rows[0],
    sample: rows.slice(1),
  });
  return view(created.toObject());
}

// ---- Start, progress, error file --------------------------------------------------------------------------------
let importQueued: () => void = () => undefined;
/** The jobs ask to hear of queued imports, to start them at once rather than at the next round. */
export function onImportQueued(listener: () => void): void {
  importQueued = listener;
}

export async function startImport(id: string, body: ImportStartBody): Promise<LeadImportView> {
  const doc = await imports.get(id);
  if (doc.state !== 'uploaded') throw illegalTransition(doc.state, 'start');
  const errors = Object.entries(body.mapping)
    .filter(([, column]) => column !== undefined && column >= doc.columns.length)
    .map(([field]): FieldProblem => ({ path: `body.mapping.${field}`, code: 'too_big', message: 'file_columns', params: { count: doc.columns.length } }));
  if (errors.length) throw invalid(errors);
  if (body.poolId && !(await poolOf(new Types.ObjectId(body.poolId)))) throw invalid([{ path: 'body.poolId', code: 'invalid_reference', message: 'lead_pool_unknown' }]);
  const queued = await LeadImport.findOneAndUpdate(
    { _id: doc._id, state: 'uploaded' },
    { $set: { state: 'queued', mapping: body.mapping, source: body.source ?? 'import', poolId: body.poolId ? new Types.ObjectId(body.poolId) : null } },
    { new: true },
  ).lean<LeadImportDoc>();
  if (!queued) throw illegalTransition('queued', 'start');
  importQueued();
  return view(queued);
}

export async function getImport(id: string): Promise<LeadImportView> {
  return view(await imports.get(id));
}

export async function errorFile(id: string, koa: Context): Promise<Readable> {
  const doc = await imports.get(id);
  if (!doc.errorFileId) throw new AppError(404, 'resource.not_found');
  const { stream } = await openFile(doc.errorFileId);
  attachment(koa, `${doc.filename.replace(/\.(xlsx|csv)$/i, '')}-errors.xlsx`);
  return stream;
}

/** Sends a download with its name (RFC 6266, so a Chinese file name survives). */
export function attachment(koa: Context, filename: string): void {
  koa.type = SHEET_TYPES.xlsx;
  koa.set('content-disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

// ---- Running ----------------------------------------------------------------------------------------------------
interface Row {
  row: number;
  values: string[];
}

/** A row's cells to the fields of a new lead; blank cells are left out, so required ones fail validation. */
function candidate(doc: LeadImportDoc, values: string[]) {
  const cell = (field: ImportField) => {
    const column = doc.mapping?.[field];
    const text = column === undefined ? '' : (values[column] ?? '').trim();
    return text || undefined;
  };
  return {
    company: cell('company'),
    contactName: cell('contactName'),
    phone: cell('phone'),
    region: { province: cell('province'), city: cell('city'), district: cell('district') },
    notes: cell('notes'),
    source: doc.source,
  };
}

/**
 * One batch: validates each row, takes the duplicate-check keys of the good ones in one unordered insert (a key
 * already taken marks its row a duplicate: of an earlier row of this file, or of a lead elsewhere, masked), inserts
 * the leads, and records the rest as error rows. A row this import already brought in before a restart counts as
 * imported again, not as a duplicate.
 */
async function importBatch(doc: LeadImportDoc, rows: Row[], pool: Awaited<ReturnType<typeof poolOf>>, retried = false): Promise<{ imported: number; failed: number }> {
  const retry: Row[] = [];
  const me = caller();
  const text = TEXT[doc.locale];
  const errors: { row: number; values: string[]; reason: string }[] = [];
  const good: { row: Row; lead: Record<string, unknown>; keys: string[] }[] = [];
  const seen = new Map<string, number>();
  const now = new Date();

  for (const row of rows) {
    const parsed = checkInput(leadInput, candidate(doc, row.values), doc.locale);
    if (!parsed.success) {
      const reason = parsed.issues.map((issue) => `${text.fields[issue.path.split('.').pop()!] ?? issue.path}: ${issue.message}`).join('; ');
      errors.push({ ...row, reason });
      continue;
    }
    const input = parsed.data;
    const companyKey = normalizeCompanyName(input.company);
    const phoneKey = input.phone ? normalizePhone(input.phone) : null;
    const keys = [`c:${companyKey}`, ...(phoneKey ? [`p:${phoneKey}`] : [])];
    if (keys.some((key) => seen.has(key))) {
      errors.push({ ...row, reason: text.inFile });
      continue;
    }
    keys.forEach((key) => seen.set(key, row.row));
    good.push({
      row,
      keys,
      lead: {
        _id: new Types.ObjectId(),
        tenantId: new Types.ObjectId(me.tenantId),
        company: input.company,
        companyKey,
        contactName: input.contactName ?? null,
        phone: input.phone ?? null,
        phoneKey,
        region: input.region,
        source: input.source,
        notes: input.notes ?? '',
        state: pool ? 'pooled' : 'new',
        partnerId: pool || !me.partnerId ? null : new Types.ObjectId(me.partnerId),
        ownerId: pool ? null : new Types.ObjectId(me.userId),
        poolId: pool?._id ?? null,
        takenAt: pool ? null : now,
        createdBy: new Types.ObjectId(me.userId),
        importId: doc._id,
        importRow: row.row,
        // Inserted lean (no per-document hydration for big files), so every default is written here.
        reason: null, collaboratorIds: [], approvalId: null, offeredUntil: null, offeredTo: [], lastFollowUpAt: null, nextFollowUpAt: null,
        followUpDue: null, recycleAt: null, remindAt: null, cooldowns: [], conversion: null, createdAt: now, updatedAt: now,
      },
    });
  }

  const keyDocs = good.flatMap((g) => g.keys.map((key) => ({ key, leadId: g.lead._id, createdAt: now })));
  const refused = new Set<number>();
  await LeadKey.insertMany(keyDocs, { ordered: false }).catch((error: { writeErrors?: { index: number; code?: number; err?: { index: number; code: number } }[] }) => {
    const writeErrors = error.writeErrors ?? [];
    if (!writeErrors.length || writeErrors.some((e) => (e.code ?? e.err?.code) !== 11000)) throw error;
    writeErrors.forEach((e) => refused.add(e.index ?? e.err!.index));
  });
  let index = 0;
  const clashes: typeof good = [];
  const clean: typeof good = [];
  for (const g of good) {
    const mine = g.keys.map(() => index++);
    (mine.some((i) => refused.has(i)) ? clashes : clean).push(g);
  }

  let already = 0;
  if (clashes.length) {
    // One query per step (the embedded engine scans for these, so many small lookups cost more than one large one).
    await LeadKey.deleteMany({ leadId: { $in: clashes.map((c) => c.lead._id) } });
    const existingKeys = await LeadKey.find({ key: { $in: clashes.flatMap((c) => c.keys) } }, { key: 1, leadId: 1 }).lean();
    const holders = await Lead.find({ _id: { $in: existingKeys.map((k) => k.leadId) } }, { ownerId: 1, partnerId: 1, state: 1, importId: 1, importRow: 1 }).lean<LeadDoc[]>();
    const holderById = new Map(holders.map((h) => [hex(h._id), h]));
    const leadOfKey = new Map(existingKeys.map((k) => [k.key, holderById.get(hex(k.leadId))]));
    // A key whose lead never appeared (a run died between the two inserts) is an orphan: it is removed, and its rows
    // are tried once more below.
    const orphans = existingKeys.filter((k) => !holderById.has(hex(k.leadId)));
    if (orphans.length) await LeadKey.deleteMany({ _id: { $in: orphans.map((k) => k._id) } });
    for (const clash of clashes) {
      const holder = clash.keys.map((key) => leadOfKey.get(key)).find(Boolean);
      if (!holder && !retried) {
        retry.push(clash.row);
        continue;
      }
      const ours = holder?.importId && holder.importId.equals(doc._id);
      if (ours && holder.importRow === clash.row.row) already += 1;
      else errors.push({ ...clash.row, reason: ours ? text.inFile : text.holder[holder ? duplicateHolder(holder) : 'other_partner'] });
    }
  }

  if (clean.length) {
    await Lead.insertMany(clean.map((c) => c.lead), { ordered: false, lean: true });
    await LeadEvent.insertMany(clean.map((c) => ({ tenantId: c.lead.tenantId, leadId: c.lead._id, partnerId: c.lead.partnerId, type: 'created', kind: null, text: doc.filename, nextFollowUpAt: null, position: null, actorId: c.lead.createdBy, at: now })), { lean: true });
  }
  if (errors.length) {
    await LeadImportError.bulkWrite(
      errors.map((e) => ({ updateOne: { filter: { tenantId: new Types.ObjectId(me.tenantId), importId: doc._id, row: e.row }, update: { $set: { values: e.values, reason: e.reason } }, upsert: true } })),
      { ordered: false },
    );
  }
  if (pool && pool.distribution !== 'manual') {
    for (const c of clean) await distribute(c.lead as unknown as LeadDoc, pool);
  }
  const again = retry.length ? await importBatch(doc, retry, pool, true) : { imported: 0, failed: 0 };
  return { imported: clean.length + already + again.imported, failed: errors.length + again.failed };
}

async function writeErrorFile(doc: LeadImportDoc): Promise<string | null> {
  if (!(await LeadImportError.exists({ importId: doc._id }))) return null;
  const text = TEXT[doc.locale];
  const out = new PassThrough();
  const saving = saveFile(out, `${doc.filename}-errors.xlsx`, SHEET_TYPES.xlsx);
  const writer = createSheetWriter(out, 'errors', [text.row, ...doc.columns, text.reason]);
  for await (const error of LeadImportError.find({ importId: doc._id }).sort({ row: 1 }).batchSize(500).lean().cursor()) {
    await writer.add([error.row, ...doc.columns.map((_c, i) => error.values[i] ?? ''), error.reason]);
  }
  await writer.finish();
  return (await saving).id;
}

/** Runs one claimed import to its end, in the importer's name, committing progress batch by batch. */
async function runImport(doc: LeadImportDoc, runner: string): Promise<void> {
  const user = await User.findOne({ _id: doc.createdBy, tenantId: doc.tenantId }).lean();
  const context = {
    requestId: `import-${hex(doc._id)}`,
    locale: doc.locale,
    tenantId: hex(doc.tenantId),
    userId: hex(doc.createdBy),
    partnerId: user?.partnerId ? hex(user.partnerId) : undefined,
    roles: user ? [user.role] : [],
  };
  await runWithContext(context, async () => {
    const stillMine = { _id: doc._id, runner };
    try {
      const pool = doc.poolId ? await poolOf(doc.poolId) : null;
      if (doc.totalRows === null) {
        // A quick pass without the database, so the client can show how far along the import is.
        let rows = -1;
        for await (const _row of readRows((await openFile(doc.fileId)).stream, doc.format)) rows += 1;
        await LeadImport.updateOne(stillMine, { $set: { totalRows: Math.max(rows, 0), heartbeatAt: new Date() } });
      }
      const { stream } = await openFile(doc.fileId);
      let batch: Row[] = [];
      let rowNumber = 0;
      const commit = async () => {
        const { imported, failed } = await importBatch(doc, batch, pool);
        const done = await LeadImport.updateOne(stillMine, { $inc: { processed: batch.length, imported, failed }, $set: { heartbeatAt: new Date() } });
        batch = [];
        return done.matchedCount === 1;
      };
      for await (const values of readRows(stream, doc.format)) {
        rowNumber += 1;
        // The header, then whatever an earlier run already committed.
        if (rowNumber === 1 || rowNumber - 1 <= doc.processed) continue;
        batch.push({ row: rowNumber, values });
        if (batch.length === BATCH && !(await commit())) return stream.destroy();
      }
      if (batch.length && !(await commit())) return;
      const errorFileId = await writeErrorFile(doc);
      // Done first, then the error rows go: a crash in between leaves rows behind, never a done import without its file.
      const done = await LeadImport.updateOne(stillMine, { $set: { state: 'done', errorFileId, runner: null, heartbeatAt: new Date() } });
      if (done.matchedCount) await LeadImportError.deleteMany({ importId: doc._id });
    } catch (error) {
      // An unreadable file fails for good; anything else (the database away for a moment) is left to be taken over
      // and resumed once the heartbeat is stale, up to MAX_ATTEMPTS runs.
      const final = error instanceof UnreadableSheet || doc.attempts >= MAX_ATTEMPTS;
      const failure = error instanceof UnreadableSheet ? 'import.unreadable' : error instanceof Error ? error.message : String(error);
      await LeadImport.updateOne(stillMine, { $set: final ? { state: 'failed', failure, runner: null } : { failure } });
      if (!(error instanceof UnreadableSheet)) throw error;
    }
  });
}

/**
 * Takes queued imports (and ones whose runner fell silent) one at a time, across tenants, until none is left. Each is
 * claimed by one conditional update, so several servers never run the same import at once.
 */
export async function runQueuedImports(logger: Logger): Promise<number> {
  let ran = 0;
  for (;;) {
    const runner = randomUUID();
    const claimed = await LeadImport.collection.findOneAndUpdate(
      { $or: [{ state: 'queued' }, { state: 'running', heartbeatAt: { $lt: new Date(Date.now() - STALE_MS) } }] },
      { $set: { state: 'running', runner, heartbeatAt: new Date() }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    const doc = claimed as unknown as LeadImportDoc | null;
    if (!doc) return ran;
    ran += 1;
    await runImport(doc, runner).catch((error: unknown) => logger.error({ err: error, importId: hex(doc._id) }, 'leads: import failed'));
  }
}
