import { Schema, model, type Types } from 'mongoose';
import type { Locale } from '../../../types/locale';
import type { ImportField, LeadSource } from '../../../types/leads';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * One import: the uploaded file, the mapping, and progress that survives a restart. Rows are taken in batches; each
 * batch commits its leads, its error rows and the new progress, so a resumed import skips what was done.
 */
export interface LeadImportDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  createdBy: Types.ObjectId;
  locale: Locale;
  filename: string;
  format: 'xlsx' | 'csv';
  fileId: string;
  state: 'uploaded' | 'queued' | 'running' | 'done' | 'failed';
  columns: string[];
  sample: string[][];
  mapping: Partial<Record<ImportField, number>> | null;
  source: LeadSource;
  poolId: Types.ObjectId | null;
  totalRows: number | null;
  processed: number;
  imported: number;
  failed: number;
  errorFileId: string | null;
  failure: string | null;
  /** Who runs it now and when they last showed progress: a run that falls silent is taken over. */
  runner: string | null;
  heartbeatAt: Date | null;
  /** Runs started: an error that keeps coming back fails the import after a few. */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

const importSchema = new Schema<LeadImportDoc>(
  {
    createdBy: { type: Schema.Types.ObjectId, required: true },
    locale: { type: String, required: true },
    filename: { type: String, required: true },
    format: { type: String, required: true },
    fileId: { type: String, required: true },
    state: { type: String, required: true },
    columns: { type: [String], default: [] },
    sample: { type: [[String]], default: [] },
    mapping: { type: Schema.Types.Mixed, default: null },
    source: { type: String, default: 'import' },
    poolId: { type: Schema.Types.ObjectId, default: null },
    totalRows: { type: Number, default: null },
    processed: { type: Number, default: 0 },
    imported: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    errorFileId: { type: String, default: null },
    failure: { type: String, default: null },
    runner: { type: String, default: null },
    heartbeatAt: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
  },
  { timestamps: true },
);
importSchema.plugin(tenantPlugin);
importSchema.index({ state: 1, heartbeatAt: 1 });

export const LeadImport = model<LeadImportDoc>('LeadImport', importSchema);

/** A row that was not imported, kept until the error file is written. */
export interface LeadImportErrorDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  importId: Types.ObjectId;
  row: number;
  values: string[];
  reason: string;
}
const errorSchema = new Schema<LeadImportErrorDoc>({
  importId: { type: Schema.Types.ObjectId, required: true },
  row: { type: Number, required: true },
  values: { type: [String], default: [] },
  reason: { type: String, required: true },
});
errorSchema.plugin(tenantPlugin);
errorSchema.index({ tenantId: 1, importId: 1, row: 1 }, { unique: true });

export const LeadImportError = model<LeadImportErrorDoc>('LeadImportError', errorSchema);
