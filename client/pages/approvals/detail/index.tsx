import '../messages';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell } from '@nutui/nutui-react-taro';
import type { Approval } from '../../../../types/approvals';
import { formatFen } from '../../../../types/money';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { toastError } from '../../../components/toastError';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { refreshInboxBadge } from '../../../services/inbox-badge';
import { goTo } from '../../../services/navigation';
import { ApprovalStateTag } from '../ApprovalStateTag';
import { approvalsApi } from '../approvals-api';

type Decision = 'approve' | 'reject' | 'return';

/** One approval: what is asked, its steps with the current one marked, its history, and what the caller may do. */
export default function ApprovalDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { data: approval, error, reload, setData } = useRecord(id, approvalsApi.get);
  const prompt = usePrompt();

  async function act(run: () => Promise<Approval>) {
    try {
      setData(await run());
      void refreshInboxBadge();
    } catch (e) {
      toastError(e);
      void reload();
    }
  }

  async function decide(decision: Decision) {
    const needsReason = decision !== 'approve';
    const comment = await prompt.ask(t(`approvals.action.${decision}`), needsReason ? t('approvals.reasonRequired') : t('approvals.commentOptional'));
    if (comment === null || !approval) return;
    if (needsReason && !comment) {
      void Taro.showToast({ title: t('approvals.reasonRequired'), icon: 'none' });
      return;
    }
    await act(() => approvalsApi.decide(approval.id, decision, comment));
  }

  async function withdraw() {
    if (!approval) return;
    await confirmAction(t('approvals.action.withdraw'), t('approvals.withdrawConfirm'), () => act(() => approvalsApi.decide(approval.id, 'withdraw', '')));
  }

  if (error) return <PageContainer requires='approvals.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!approval) return <PageContainer requires='approvals.use'><LoadingView /></PageContainer>;
  const amount = typeof approval.facts.amount === 'number' ? approval.facts.amount : undefined;
  return (
    <PageContainer requires='approvals.use' title={approval.title}>
      <View data-testid='approval-detail'>
        {prompt.dialog}
        <Cell.Group title={t(`approvals.kind.${approval.kind}`)}>
          <Cell title={approval.title} extra={<ApprovalStateTag state={approval.state} />} />
          {approval.content && <Cell title={t('approvals.requestContent')} description={approval.content} />}
          {amount !== undefined && <Cell title={t('approvals.amount')} extra={formatFen(amount)} />}
          <Cell title={t('approvals.submitter')} extra={approval.submitter.name} />
          {approval.kind === 'quote_discount' && approval.subjectId && (
            <Cell title={t('approvals.openQuote')} clickable onClick={() => goTo('quote', { id: approval.subjectId! })} />
          )}
          <Cell title={t('approvals.flow')} extra={approval.flow.version ? `${approval.flow.name} · v${approval.flow.version}` : t('approvals.flowDefault')} />
        </Cell.Group>

        <Cell.Group title={t('approvals.steps')}>
          {approval.steps.map((step, index) => (
            <Cell
              key={index}
              title={`${index + 1}. ${step.name}`}
              description={step.approvers.map((a) => a.name).join('、')}
              extra={approval.state === 'pending' && index === approval.currentStep ? <Text data-testid='current-step'>{t('approvals.current')}</Text> : undefined}
            />
          ))}
        </Cell.Group>

        {(approval.can.decide || approval.can.withdraw || approval.can.resubmit) && (
          <View className='cp-actions' data-testid='approval-actions'>
            {approval.can.decide && (
              <>
                <Button type='primary' onClick={() => decide('approve')}>{t('approvals.action.approve')}</Button>
                <Button type='warning' fill='outline' onClick={() => decide('return')}>{t('approvals.action.return')}</Button>
                <Button type='danger' fill='outline' onClick={() => decide('reject')}>{t('approvals.action.reject')}</Button>
              </>
            )}
            {approval.can.resubmit && (
              <Button type='primary' onClick={() => goTo('approvalRequest', { id: approval.id })}>{t('approvals.action.resubmit')}</Button>
            )}
            {approval.can.withdraw && <Button fill='outline' onClick={withdraw}>{t('approvals.action.withdraw')}</Button>}
          </View>
        )}

        <View className='cp-section'>
          <Text className='cp-section__title'>{t('approvals.history')}</Text>
          <View className='cp-timeline' data-testid='approval-history'>
            {approval.history.map((entry, index) => (
              <View key={index} className='cp-timeline__item'>
                <Text className='cp-timeline__title'>{`${entry.by.name} ${t(`approvals.action.${entry.action}`)}`}</Text>
                {entry.comment && <View>{entry.comment}</View>}
                <Text className='cp-timeline__meta'>{date(entry.at, true)}</Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </PageContainer>
  );
}
