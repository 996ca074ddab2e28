import './people-messages';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { z } from 'zod';
import { newPassword } from '../../types/common';
import type { Role } from '../../types/permissions';
import { useI18n, type MessageKey } from '../i18n';
import { goBack } from '../services/navigation';
import { ChoiceField, FormActions, RequiredFields, TextField } from './Fields';
import { ErrorView } from './StateViews';
import { toastError } from './toastError';
import { checkForm, optionalNumber, optionalText, useForm, type FormValues } from './useForm';
import { usePrompt } from './usePrompt';
import { useRecord } from './useRecord';

/** What partner members and upstream staff share: the fields of an account and what can be done to one. */
export interface Account {
  id: string;
  name: string;
  username: string | null;
  phone: string | null;
  role: Role;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  leadCapacity?: number | null;
  accountCapacity?: number | null;
}

interface Props<A extends Account> {
  roles: readonly Role[];
  createSchema: z.ZodType;
  patchSchema: z.ZodType;
  draftKey: string;
  load: (id: string) => Promise<A>;
  create: (body: never) => Promise<A>;
  update: (id: string, body: Record<string, unknown>) => Promise<A>;
  resetPassword: (id: string, initialPassword: string) => Promise<A>;
  /** Per-person holding capacity (partner members only). */
  capacity?: boolean;
  /** Chooses the partner for a new member (upstream callers only). */
  partnerChoice?: { options: { value: string; label: string }[]; initial?: string };
}

const CAPACITY: { name: 'leadCapacity' | 'accountCapacity'; label: MessageKey }[] = [
  { name: 'leadCapacity', label: 'members.leadCapacity' },
  { name: 'accountCapacity', label: 'members.accountCapacity' },
];

export function AccountEditor<A extends Account>(props: Props<A>) {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const record = useRecord(id, props.load);
  const prompt = usePrompt();
  const account = record.data;
  const initial: FormValues = {
    name: account?.name ?? '',
    username: account?.username ?? '',
    phone: account?.phone ?? '',
    role: account?.role ?? props.roles[props.roles.length - 1],
    initialPassword: '',
    partnerId: props.partnerChoice?.initial ?? '',
    leadCapacity: account?.leadCapacity != null ? String(account.leadCapacity) : '',
    accountCapacity: account?.accountCapacity != null ? String(account.accountCapacity) : '',
  };
  const form = useForm({
    initial,
    schema: id ? props.patchSchema : props.createSchema,
    draftKey: id ? undefined : props.draftKey,
    toBody: (v) => {
      const capacity = props.capacity ? Object.fromEntries(CAPACITY.map(({ name }) => [name, id ? optionalNumber(v[name]) ?? null : optionalNumber(v[name])])) : {};
      if (id) return { name: v.name.trim(), role: v.role, ...capacity };
      return {
        name: v.name.trim(),
        username: optionalText(v.username),
        phone: optionalText(v.phone),
        role: v.role,
        initialPassword: v.initialPassword,
        ...(props.partnerChoice ? { partnerId: optionalText(v.partnerId) } : {}),
        ...capacity,
      };
    },
  });

  async function submit() {
    const ok = await form.submit((body) => (id ? props.update(id, body as Record<string, unknown>) : props.create(body as never)));
    if (ok) goBack();
  }

  async function act(run: () => Promise<A>, done: MessageKey) {
    try {
      record.setData(await run());
      void Taro.showToast({ title: t(done), icon: 'success' });
    } catch (e) {
      toastError(e);
    }
  }

  async function resetPassword() {
    const content = await prompt.ask(t('members.resetPassword'), t('auth.password.rule'), true);
    if (content === null || !id) return;
    const checked = checkForm(newPassword, content);
    if (!checked.success) return void Taro.showToast({ title: t('auth.password.rule'), icon: 'none' });
    await act(() => props.resetPassword(id, checked.data), 'common.saved');
  }

  if (record.error) return <ErrorView error={record.error} onRetry={record.reload} />;
  const field = (name: string, label: MessageKey, options: { type?: 'digit' | 'tel' | 'password'; hint?: MessageKey; disabled?: boolean } = {}) => (
    <TextField name={name} label={t(label)} type={options.type} disabled={options.disabled} hint={options.hint && t(options.hint)} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name]} />
  );
  return (
    <RequiredFields.Provider value={form.required}>
      <View className='cp-card' data-testid='account-form'>
        {prompt.dialog}
        {field('name', 'me.name')}
        {field('username', 'me.username', { disabled: Boolean(id), hint: id ? undefined : 'members.accountHint' })}
        {field('phone', 'me.phone', { type: 'tel', disabled: Boolean(id) })}
        <ChoiceField name='role' label={t('members.role')} value={form.values.role} onChange={(v) => form.set('role', v)} error={form.errors.role} options={props.roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        {!id && props.partnerChoice && (
          <ChoiceField name='partnerId' label={t('members.partner')} value={form.values.partnerId} onChange={(v) => form.set('partnerId', v)} error={form.errors.partnerId} options={props.partnerChoice.options} />
        )}
        {!id && field('initialPassword', 'members.initialPassword', { type: 'password', hint: 'auth.password.rule' })}
        {props.capacity && CAPACITY.map(({ name, label }) => <View key={name}>{field(name, label, { type: 'digit', hint: 'members.capacityHint' })}</View>)}
        <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
        {account && (
          <View className='cp-actions'>
            {account.mustChangePassword && <Text className='cp-hint'>{t('members.mustChange')}</Text>}
            <Button fill='outline' onClick={resetPassword}>{t('members.resetPassword')}</Button>
            <Button
              fill='outline'
              type={account.status === 'active' ? 'danger' : 'success'}
              onClick={() => act(() => props.update(account.id, { status: account.status === 'active' ? 'disabled' : 'active' }), 'common.saved')}
            >
              {t(account.status === 'active' ? 'members.disable' : 'members.enable')}
            </Button>
          </View>
        )}
      </View>
    </RequiredFields.Provider>
  );
}
