import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Checkbox, Steps, Step } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { formatFen, yuanTextToFen } from '../../../../types/money';
import type { Opportunity } from '../../../../types/opportunities';
import { ChoiceField, FormActions, TextField } from '../../../components/Fields';
import { DateField } from '../../../components/DateField';
import { FollowUpForm } from '../../../components/FollowUpForm';
import { MemberPicker } from '../../../components/MemberPicker';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { Timeline } from '../../../components/Timeline';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { DeviceError } from '../../../platform/device-error';
import { pickFile } from '../../../platform/files';
import { chinaDayIn } from '../../../services/calendar';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { opportunitiesApi } from '../opportunities-api';
import { OpportunityStateTag } from '../OpportunityStateTag';

type Panel = 'none' | 'followUp' | 'close' | 'back';

/**
 * One opportunity: its stages as steps, the current stage's required tasks (tick, fill, attach), advancing and moving
 * back, winning or losing, the registration's protection and its extension, co-followers, follow-ups and the timeline.
 */
export default function OpportunityDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { can } = useMe();
  const { data: opp, error, reload, setData } = useRecord(id, opportunitiesApi.get);
  const timeline = usePagedList((cursor) => opportunitiesApi.events(id!, cursor), `${id}|${opp?.updatedAt ?? ''}`);
  const [panel, setPanel] = useState<Panel>('none');
  const [formKey, setFormKey] = useState(0);
  const prompt = usePrompt();

  function saved(next: Opportunity) {
    setData(next);
    setPanel('none');
    setFormKey((k) => k + 1);
    // A follow-up adds to the timeline without changing the opportunity itself.
    void timeline.reload();
  }
  async function act(run: () => Promise<Opportunity>) {
    try {
      saved(await run());
    } catch (e) {
      toastError(e);
      void reload();
    }
  }
  async function attach(taskKey?: string) {
    try {
      const file = await pickFile('document');
      await act(() => opportunitiesApi.attach(opp!.id, file, taskKey));
    } catch (e) {
      if (!(e instanceof DeviceError && e.reason === 'cancelled')) toastError(e);
    }
  }
  async function extend() {
    const days = await prompt.ask(t('opportunities.extend'), t('opportunities.extendDays'));
    if (days === null) return;
    if (!/^\d{1,3}$/.test(days.trim()) || Number(days) < 1 || Number(days) > 365) return void Taro.showToast({ title: t('opportunities.extendDays'), icon: 'none' });
    await act(() => opportunitiesApi.extend(opp!.id, Number(days)));
  }

  if (error) return <PageContainer requires='opportunities.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!opp) return <PageContainer requires='opportunities.use'><LoadingView /></PageContainer>;
  const stage = opp.process.stages[opp.stageIndex];
  const next = opp.process.stages[opp.stageIndex + 1];
  const done = new Set(opp.tasksDone[stage.key] ?? []);
  const taskDone = (task: (typeof stage.tasks)[number]) =>
    task.kind === 'checklist' ? done.has(task.key)
    : task.kind === 'field' ? opp[task.field!] !== null && opp[task.field!] !== ''
    : opp.attachments.some((a) => a.taskKey === `${stage.key}.${task.key}`);
  return (
    <PageContainer requires='opportunities.use' title={opp.name}>
      <View data-testid='opportunity-detail'>
        {prompt.dialog}
        <Cell.Group>
          <Cell title={opp.name} extra={<OpportunityStateTag opportunity={opp} />} />
          <Cell title={t('opportunities.account')} extra={opp.accountName} clickable onClick={() => goTo('account', { id: opp.accountId })} />
          {opp.amount !== null && <Cell title={t('opportunities.amount')} extra={formatFen(opp.amount)} />}
          {opp.expectedCloseDate && <Cell title={t('opportunities.expectedCloseDate')} extra={opp.expectedCloseDate} />}
          {opp.partnerName && <Cell title={t('opportunities.partner')} extra={opp.partnerName} />}
          {opp.ownerName && <Cell title={t('opportunities.owner')} extra={opp.ownerName} />}
          {opp.protectedUntil && <Cell title={opp.protected ? t('opportunities.protected') : t('opportunities.lapsed')} extra={t('opportunities.protectedUntil', { date: date(opp.protectedUntil) })} />}
          {opp.reason && <Cell title={t('opportunities.close.reason')} description={opp.reason} />}
        </Cell.Group>

        <View className='cp-card' data-testid='opportunity-stages'>
          <Steps value={opp.stageIndex + 1}>
            {opp.process.stages.map((s, i) => <Step key={s.key} value={i + 1} title={s.name} description={`${s.probability}%`} />)}
          </Steps>
          <Text className='cp-muted'>{`${t('opportunities.stage')}：${stage.name} · ${t('opportunities.probability', { value: stage.probability })}`}</Text>
        </View>

        {opp.state === 'open' && stage.tasks.length > 0 && (
          <Cell.Group title={t('opportunities.tasks')} data-testid='opportunity-tasks'>
            {stage.tasks.map((task) => (
              <Cell
                key={task.key}
                title={task.label}
                extra={
                  task.kind === 'checklist' ? (
                    <View data-testid={`task-${task.key}`}>
                      <Checkbox checked={taskDone(task)} disabled={!opp.can.advance} onChange={(checked) => act(() => opportunitiesApi.task(opp.id, task.key, checked))} />
                    </View>
                  ) : taskDone(task) ? <Text>✓</Text>
                  : task.kind === 'attachment' ? (opp.can.advance ? <Text className='cp-link' onClick={() => attach(task.key)} data-testid={`task-${task.key}`}>{t('opportunities.task.attach')}</Text> : undefined)
                  : opp.can.edit ? <Text className='cp-link' onClick={() => goTo('opportunityEdit', { id: opp.id })} data-testid={`task-${task.key}`}>{t('opportunities.task.fill')}</Text> : undefined
                }
              />
            ))}
          </Cell.Group>
        )}

        <View className='cp-actions' data-testid='opportunity-actions'>
          {opp.can.advance && next && <Button type='primary' onClick={() => act(() => opportunitiesApi.stage(opp.id, next.key))}>{t('opportunities.advance', { stage: next.name })}</Button>}
          {opp.can.advance && opp.stageIndex > 0 && <Button fill='outline' onClick={() => setPanel(panel === 'back' ? 'none' : 'back')}>{t('opportunities.back')}</Button>}
          {opp.can.close && <Button type='success' fill='outline' onClick={() => setPanel(panel === 'close' ? 'none' : 'close')}>{`${t('opportunities.win')} / ${t('opportunities.lose')}`}</Button>}
          {opp.can.followUp && <Button fill='outline' onClick={() => setPanel(panel === 'followUp' ? 'none' : 'followUp')}>{t('opportunities.followUp')}</Button>}
          {opp.can.edit && <Button fill='outline' onClick={() => goTo('opportunityEdit', { id: opp.id })}>{t('common.edit')}</Button>}
          {opp.can.advance && <Button fill='outline' onClick={() => attach()}>{t('opportunities.task.attach')}</Button>}
          {opp.can.extend && <Button fill='outline' onClick={extend}>{t('opportunities.extend')}</Button>}
          {opp.state === 'open' && can('sales.use') && <Button fill='outline' onClick={() => goTo('quoteEdit', { accountId: opp.accountId, opportunityId: opp.id })} data-testid='opportunity-quote'>{t('opportunities.quote')}</Button>}
        </View>

        {panel === 'followUp' && <FollowUpForm key={formKey} draftKey={`opportunity-follow-up-${opp.id}`} planNext={false} save={(body) => opportunitiesApi.followUp(opp.id, body)} onSaved={saved} />}
        {panel === 'back' && <BackPanel opp={opp} onDone={act} />}
        {panel === 'close' && <ClosePanel opp={opp} onDone={act} />}

        {opp.attachments.length > 0 && (
          <Cell.Group title={t('opportunities.attachments')}>
            {opp.attachments.map((a) => <Cell key={a.id} title={a.filename} extra={date(a.at)} />)}
          </Cell.Group>
        )}

        {(opp.collaborators.length > 0 || (opp.can.collaborate && can('members.read'))) && (
          <Cell.Group title={t('opportunities.collaborators')}>
            {opp.collaborators.map((c) => (
              <Cell key={c.id} title={c.name} extra={opp.can.collaborate ? <Text className='cp-link' onClick={() => act(() => opportunitiesApi.removeCollaborator(opp.id, c.id))}>{t('opportunities.removeCollaborator')}</Text> : undefined} />
            ))}
            {opp.can.collaborate && can('members.read') && (
              <MemberPicker partnerId={opp.partnerId} taken={[opp.ownerId, ...opp.collaborators.map((c) => c.id)]} label={t('opportunities.addCollaborator')} onPick={async (userId) => saved(await opportunitiesApi.addCollaborator(opp.id, userId))} />
            )}
          </Cell.Group>
        )}

        <Timeline title={t('opportunities.timeline')} list={timeline} action={(event) => t(`opportunities.event.${event.type}`)} system={t('opportunities.system')} testId='opportunity-timeline' />
      </View>
    </PageContainer>
  );
}

/** Back to an earlier stage, with the reason the server requires. */
function BackPanel({ opp, onDone }: { opp: Opportunity; onDone: (run: () => Promise<Opportunity>) => Promise<void> }) {
  const { t } = useI18n();
  const earlier = opp.process.stages.slice(0, opp.stageIndex);
  const [stage, setStage] = useState(earlier[earlier.length - 1]?.key ?? '');
  const [reason, setReason] = useState('');
  async function submit() {
    if (!reason.trim()) return void Taro.showToast({ title: t('opportunities.reasonRequired'), icon: 'none' });
    await onDone(() => opportunitiesApi.stage(opp.id, stage, reason.trim()));
  }
  return (
    <View className='cp-card' data-testid='opportunity-back'>
      <ChoiceField name='backTo' label={t('opportunities.backTo')} value={stage} onChange={setStage} options={earlier.map((s) => ({ value: s.key, label: s.name }))} />
      <TextField name='reason' label={t('opportunities.close.reason')} value={reason} onChange={setReason} />
      <FormActions submitting={false} onSubmit={submit} />
    </View>
  );
}

/** Won or lost: the outcome, why, for how much and when (the amount typed in yuan, sent in fen). */
function ClosePanel({ opp, onDone }: { opp: Opportunity; onDone: (run: () => Promise<Opportunity>) => Promise<void> }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'won' | 'lost'>('won');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState(opp.amount !== null ? String(opp.amount / 100) : '');
  const [closeDate, setCloseDate] = useState(chinaDayIn(0));
  const fen = yuanTextToFen(amount);
  const [tried, setTried] = useState(false);
  async function submit() {
    setTried(true);
    if (!reason.trim()) return void Taro.showToast({ title: t('opportunities.reasonRequired'), icon: 'none' });
    if (fen === null) return;
    await onDone(() => opportunitiesApi.close(opp.id, { outcome, reason: reason.trim(), amount: fen, closeDate }));
  }
  return (
    <View className='cp-card' data-testid='opportunity-close'>
      <ChoiceField name='outcome' label='' value={outcome} onChange={(v) => setOutcome(v as 'won' | 'lost')} options={[{ value: 'won', label: t('opportunities.win') }, { value: 'lost', label: t('opportunities.lose') }]} />
      <TextField name='closeReason' label={t('opportunities.close.reason')} value={reason} onChange={setReason} />
      <TextField name='closeAmount' type='digit' label={t('opportunities.close.amount')} value={amount} onChange={setAmount} error={(amount || tried) && fen === null ? t('opportunities.close.amount') : undefined} />
      <DateField name='closeDate' label={t('opportunities.close.date')} value={closeDate} onChange={setCloseDate} />
      <FormActions submitting={false} onSubmit={submit} />
    </View>
  );
}
