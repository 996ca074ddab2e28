import './follow-up-messages';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { FOLLOW_UP_KINDS, followUpInput, type FollowUpInput } from '../../types/leads';
import { useI18n } from '../i18n';
import { DeviceError } from '../platform/device-error';
import { currentPosition } from '../platform/location';
import { ChoiceField, FormActions, RequiredFields, TextField } from './Fields';
import { useForm } from './useForm';

const NEXT_DAYS = { none: 0, tomorrow: 1, '3days': 3, week: 7 } as const;
type Next = keyof typeof NEXT_DAYS;

/** 09:00 China time, `days` from today there: when a salesperson plans the next call. */
function morningIn(days: number): string {
  const china = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + days, 1)).toISOString();
}

type Located = { state: 'idle' | 'locating' | 'denied' | 'failed' } | { state: 'located'; position: NonNullable<FollowUpInput['position']> };

/**
 * A follow-up on a lead or an account: how, what, and (where the record plans them) when next; a visit may carry
 * where it happened, asked from the device only on request. `save` sends it; the draft is kept until it succeeds.
 */
export function FollowUpForm<T>({ draftKey, planNext, save, onSaved }: { draftKey: string; planNext: boolean; save: (body: FollowUpInput) => Promise<T>; onSaved: (saved: T) => void }) {
  const { t } = useI18n();
  const [located, setLocated] = useState<Located>({ state: 'idle' });
  const form = useForm({
    initial: { kind: 'call', text: '', next: 'none' },
    schema: followUpInput,
    draftKey,
    toBody: (v) => ({
      kind: v.kind,
      text: v.text.trim(),
      ...(planNext && v.next !== 'none' ? { nextFollowUpAt: morningIn(NEXT_DAYS[v.next as Next]) } : {}),
      ...(v.kind === 'visit' && located.state === 'located' ? { position: located.position } : {}),
    }),
  });

  async function locate() {
    setLocated({ state: 'locating' });
    try {
      const { latitude, longitude, accuracy } = await currentPosition();
      setLocated({ state: 'located', position: { latitude, longitude, accuracy: Math.round(accuracy) } });
    } catch (error) {
      setLocated({ state: error instanceof DeviceError && error.reason === 'denied' ? 'denied' : 'failed' });
    }
  }

  async function submit() {
    let saved: { value: T } | undefined;
    const ok = await form.submit(async (body) => {
      saved = { value: await save(body as FollowUpInput) };
    });
    // The page mounts a fresh form after this (the draft was cleared on success).
    if (ok && saved) onSaved(saved.value);
  }

  return (
    <RequiredFields.Provider value={form.required}>
      <View className='cp-card' data-testid='follow-up-form'>
        <ChoiceField name='kind' label={t('followUp.kind')} value={form.values.kind} onChange={(v) => form.set('kind', v)} options={FOLLOW_UP_KINDS.map((k) => ({ value: k, label: t(`followUp.kind.${k}`) }))} />
        <TextField name='text' label={t('followUp.text')} value={form.values.text} onChange={(v) => form.set('text', v)} error={form.errors.text} />
        {planNext && (
          <ChoiceField
            name='next'
            label={t('followUp.next')}
            value={form.values.next}
            onChange={(v) => form.set('next', v)}
            options={(Object.keys(NEXT_DAYS) as Next[]).map((n) => ({ value: n, label: t(`followUp.next.${n}`) }))}
          />
        )}
        {form.values.kind === 'visit' && (
          <View className='cp-field' data-testid='visit-location'>
            <Button size='small' fill='outline' loading={located.state === 'locating'} onClick={locate}>{t('followUp.locate')}</Button>
            {located.state === 'located' && <Text className='cp-field__hint'>{t('followUp.located', { accuracy: located.position.accuracy ?? 0 })}</Text>}
            {located.state === 'denied' && <Text className='cp-field__error'>{t('followUp.locationDenied')}</Text>}
            {located.state === 'failed' && <Text className='cp-field__error'>{t('followUp.locationFailed')}</Text>}
          </View>
        )}
        <FormActions submitting={form.submitting} onSubmit={submit} label={t('followUp.save')} error={form.formError} />
      </View>
    </RequiredFields.Provider>
  );
}
