import { Cell } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { api } from '../services/api';
import { ChoiceField } from './Fields';
import { toastError } from './toastError';

/**
 * Adds a colleague of a partner to a record (a lead's co-followers, an account's team): a row that opens into the
 * partner's active members not already on it. For those who may list their company's members.
 */
export function MemberPicker({ partnerId, taken, label, onPick }: { partnerId: string | null; taken: (string | null)[]; label: string; onPick: (userId: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<{ value: string; label: string }[]>([]);

  async function show() {
    setOpen(true);
    const page = await api.members.list({ partnerId: partnerId ?? undefined, status: 'active', limit: 100 }).catch(() => ({ items: [] }));
    setChoices(page.items.filter((m) => !taken.includes(m.id)).map((m) => ({ value: m.id, label: m.name })));
  }

  async function pick(userId: string) {
    try {
      await onPick(userId);
      setOpen(false);
    } catch (e) {
      toastError(e);
    }
  }

  if (!open) return <Cell title={label} clickable onClick={show} />;
  return <ChoiceField name='member' label={label} value='' onChange={pick} options={choices} />;
}
