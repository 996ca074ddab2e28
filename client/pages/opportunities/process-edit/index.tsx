import '../messages';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { salesProcessInput, TASK_KINDS, type SalesProcess, type StageTask } from '../../../../types/opportunities';
import { ChoiceField, FormActions, MultiChoiceField, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { goBack } from '../../../services/navigation';
import { useLevels } from '../../../services/reference';
import { opportunitiesApi } from '../opportunities-api';
import { checkForm, problemsByField, useSending } from '../../../components/useForm';

interface StageDraft {
  key: string;
  name: string;
  probability: string;
  /** Tasks separated by ';', each kind|key|label|field (a one-line field on every device). */
  tasks: string;
}
interface Draft {
  name: string;
  description: string;
  levelIds: string[];
  registrationDays: string;
  active: boolean;
  stages: StageDraft[];
}

const taskLine = (task: StageTask) => [task.kind, task.key, task.label, task.field].filter(Boolean).join('|');
function parseTasks(text: string) {
  return text.split(/[;；]/).map((line) => line.trim()).filter(Boolean).map((line) => {
    const [kind, key, label, field] = line.split('|').map((part) => part.trim());
    return { kind: kind as (typeof TASK_KINDS)[number], key, label, ...(field ? { field } : {}) };
  });
}
const fromProcess = (p: SalesProcess | null): Draft => ({
  name: p?.name ?? '',
  description: p?.description ?? '',
  levelIds: p?.levelIds ?? [],
  registrationDays: String(p?.registrationDays ?? 90),
  active: p?.active ?? true,
  stages: (p?.stages ?? [{ key: 'qualify', name: '需求确认', probability: 10, tasks: [] }, { key: 'sign', name: '签约', probability: 90, tasks: [] }]).map((s) => ({
    key: s.key, name: s.name, probability: String(s.probability), tasks: s.tasks.map(taskLine).join('; '),
  })),
});

/**
 * A sales process at a desk: its stages in order, each with a win probability and required tasks, the partner levels
 * it applies to, and how long filings stay protected. Saving an existing one makes a new version; running
 * opportunities keep theirs. Validated with the server's own schema before it is sent.
 */
export default function SalesProcessEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const levels = useLevels();
  const [draft, setDraft] = useState<Draft | null>(id ? null : fromProcess(null));
  const [loadError, setLoadError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { sending: saving, formError, send } = useSending(setErrors);
  useEffect(() => {
    if (id) opportunitiesApi.process(id).then((p) => setDraft(fromProcess(p)), setLoadError);
  }, [id]);

  const change = (next: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...next } : d));
  const changeStage = (index: number, next: Partial<StageDraft>) => change({ stages: draft!.stages.map((s, i) => (i === index ? { ...s, ...next } : s)) });

  async function save() {
    const body = {
      name: draft!.name.trim(), description: draft!.description.trim(), levelIds: draft!.levelIds, registrationDays: Number(draft!.registrationDays), active: draft!.active,
      stages: draft!.stages.map((s) => ({ key: s.key.trim(), name: s.name.trim(), probability: Number(s.probability), tasks: parseTasks(s.tasks) })),
    };
    const parsed = checkForm(salesProcessInput, body);
    if (!parsed.success) return setErrors(problemsByField(parsed));
    setErrors({});
    if (await send(() => (id ? opportunitiesApi.replaceProcess(id, parsed.data) : opportunitiesApi.createProcess(parsed.data)))) goBack();
  }

  if (loadError) return <PageContainer requires='salesProcesses.configure'><ErrorView error={loadError} /></PageContainer>;
  if (!draft) return <PageContainer requires='salesProcesses.configure'><LoadingView /></PageContainer>;
  const stageError = (index: number) => Object.entries(errors).find(([path]) => path.startsWith(`stages.${index}.`))?.[1];
  return (
    <PageContainer requires='salesProcesses.configure' title={id ? t('opportunities.processes.edit') : t('opportunities.processes.create')}>
      <View className='cp-card' data-testid='process-form'>
        <TextField name='name' required label={t('opportunities.processes.name')} value={draft.name} onChange={(name) => change({ name })} error={errors.name} />
        <MultiChoiceField name='levelIds' label={t('opportunities.processes.levels')} values={draft.levelIds} onChange={(levelIds) => change({ levelIds })} options={levels.map((l) => ({ value: l.id, label: l.name }))} />
        <TextField name='registrationDays' type='digit' label={t('opportunities.processes.registrationDays')} value={draft.registrationDays} onChange={(registrationDays) => change({ registrationDays })} error={errors.registrationDays} />
        <ChoiceField name='active' label={t('opportunities.processes.active')} value={draft.active ? 'yes' : 'no'} onChange={(v) => change({ active: v === 'yes' })} options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]} />
        <View className='cp-section'><Text className='cp-section__title'>{t('opportunities.processes.stages')}</Text></View>
        {errors.stages && <Text className='cp-field__error'>{errors.stages}</Text>}
        {draft.stages.map((s, i) => (
          <View key={i} className='cp-subcard' data-testid='process-stage'>
            <TextField name={`stage-${i}-key`} label={t('opportunities.processes.stage.key')} value={s.key} onChange={(key) => changeStage(i, { key })} error={errors[`stages.${i}.key`]} />
            <TextField name={`stage-${i}-name`} label={t('opportunities.processes.stage.name')} value={s.name} onChange={(name) => changeStage(i, { name })} error={errors[`stages.${i}.name`]} />
            <TextField name={`stage-${i}-probability`} type='digit' label={t('opportunities.processes.stage.probability')} value={s.probability} onChange={(probability) => changeStage(i, { probability })} error={errors[`stages.${i}.probability`]} />
            <TextField name={`stage-${i}-tasks`} label={t('opportunities.processes.stage.tasks')} hint={t('opportunities.processes.stage.tasksHint')} value={s.tasks} onChange={(tasks) => changeStage(i, { tasks })} error={stageError(i)} />
            {draft.stages.length > 2 && <Text className='cp-link' onClick={() => change({ stages: draft.stages.filter((_, j) => j !== i) })}>{t('opportunities.processes.stage.remove')}</Text>}
          </View>
        ))}
        {draft.stages.length < 10 && <Button size='small' fill='outline' onClick={() => change({ stages: [...draft.stages, { key: '', name: '', probability: '', tasks: '' }] })} data-testid='stage-add'>{t('opportunities.processes.stage.add')}</Button>}
        <FormActions submitting={saving} onSubmit={save} error={formError} />
      </View>
    </PageContainer>
  );
}
