import { Types } from 'mongoose';
import type { AccountSettings as SettingsView } from '../../../types/accounts';
import { caller } from '../../core/context';
import { accountSettingsInput } from '../../../types/accounts';
import { audit } from '../audit/audit.service';
import { AccountSettings, type AccountSettingsDoc } from './account.model';
import { settingsOf } from './duplicates';

function settingsView(doc: Awaited<ReturnType<typeof settingsOf>>): SettingsView {
  return {
    duplicateRules: doc.duplicateRules.map(({ name, enabled, conditions, combine, outcome }) => ({
      name, enabled, combine, outcome, conditions: conditions.map(({ field, match, threshold }) => ({ field, match, threshold })),
    })),
    visibleFields: doc.visibleFields,
    protectionDays: doc.protectionDays,
    wonCounts: doc.wonCounts,
    updatedAt: doc.updatedAt ? doc.updatedAt.toISOString() : null,
  };
}

export async function getSettings(): Promise<SettingsView> {
  return settingsView(await settingsOf());
}

/** Replaces the tenant's account rules (one document per tenant, written in one upsert); the change is audited. */
export async function putSettings(input: ReturnType<typeof accountSettingsInput.parse>): Promise<SettingsView> {
  const before = await settingsOf();
  const saved = await AccountSettings.findOneAndUpdate({ _id: new Types.ObjectId(caller().tenantId) }, { $set: { ...input, updatedAt: new Date() } }, { upsert: true, new: true }).lean<AccountSettingsDoc>();
  await audit('account.settings', { type: 'account', id: 'settings' }, before, saved!, ['duplicateRules', 'visibleFields', 'protectionDays', 'wonCounts']);
  return settingsView(saved!);
}
