import '../messages';
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { levelInput, levelPatch, type Level } from '../../../../types/partners';
import { FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { optionalNumber, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { api } from '../../../services/api';
import { goBack } from '../../../services/navigation';

const NUMBERS: { name: keyof Level; label: MessageKey }[] = [
  { name: 'rank', label: 'levels.rank' },
  { name: 'weight', label: 'levels.weight' },
  { name: 'leadLimit', label: 'levels.leadLimit' },
  { name: 'accountLimit', label: 'levels.accountLimit' },
  { name: 'maxDiscountPct', label: 'levels.maxDiscountPct' },
];

const toValues = (level: Level | null): FormValues =>
  Object.fromEntries([['name', level?.name ?? ''], ...NUMBERS.map(({ name }) => [name, level ? String(level[name]) : ''])]);

export default function LevelEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const record = useRecord(id, async (levelId) => (await api.levels.list()).find((l) => l.id === levelId) ?? Promise.reject(new Error(t('common.empty'))));
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? levelPatch : levelInput,
    draftKey: id ? undefined : 'level-new',
    toBody: (v) => ({ name: v.name.trim(), ...Object.fromEntries(NUMBERS.map(({ name }) => [name, optionalNumber(v[name])])) }),
  });

  async function submit() {
    const ok = await form.submit((body) => (id ? api.levels.update(id, body) : api.levels.create(body as Parameters<typeof api.levels.create>[0])));
    if (ok) goBack();
  }

  async function remove() {
    if (id && (await confirmAction(t('levels.delete'), t('levels.deleteConfirm'), () => api.levels.remove(id)))) goBack();
  }

  if (record.error) return <PageContainer requires='levels.manage'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='levels.manage' title={id ? t('levels.edit') : t('levels.create')}>
        <View className='cp-card' data-testid='level-form'>
          <TextField name='name' label={t('levels.name')} value={form.values.name} onChange={(v) => form.set('name', v)} error={form.errors.name} />
          {NUMBERS.map(({ name, label }) => (
            <TextField key={name} name={name} type='digit' label={t(label)} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name]} />
          ))}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {id && (
            <Button block type='danger' fill='none' onClick={remove}>{t('levels.delete')}</Button>
          )}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
