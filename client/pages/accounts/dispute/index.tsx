import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { TextField } from '../../../components/Fields';
import { toastError } from '../../../components/toastError';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { refreshInboxBadge } from '../../../services/inbox-badge';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';
import { DuplicateList } from '../DuplicateList';

/** One dispute: the claim and its reason, the contested account as the caller may see it, and the decision. */
export default function DisputePage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { can } = useMe();
  const { data: dispute, error, reload, setData } = useRecord(id, accountsApi.getDispute);
  const [comment, setComment] = useState('');
  const [deciding, setDeciding] = useState(false);

  async function decide(decision: 'granted' | 'dismissed') {
    setDeciding(true);
    try {
      setData(await accountsApi.decide(id!, decision, comment.trim()));
      void refreshInboxBadge();
    } catch (e) {
      toastError(e);
      void reload();
    } finally {
      setDeciding(false);
    }
  }

  if (error) return <PageContainer requires='accounts.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!dispute) return <PageContainer requires='accounts.use'><LoadingView /></PageContainer>;
  return (
    <PageContainer requires='accounts.use' title={dispute.name}>
      <View data-testid='dispute-detail'>
        <Cell.Group>
          <Cell title={dispute.name} extra={t(`accounts.dispute.state.${dispute.state}`)} />
          {dispute.creditCode && <Cell title={t('accounts.creditCode')} extra={dispute.creditCode} />}
          <Cell title={t('accounts.dispute.claimant')} extra={[dispute.claimantPartnerName, dispute.claimantName].filter(Boolean).join(' · ')} />
          <Cell title={t('accounts.dispute.reason')} description={dispute.reason} />
          {dispute.comment && <Cell title={t('accounts.dispute.comment')} description={dispute.comment} />}
          {dispute.decidedAt && <Cell title={t(`accounts.dispute.state.${dispute.state}`)} extra={date(dispute.decidedAt, true)} />}
        </Cell.Group>
        <View className='cp-section'>
          <View className='cp-section__title'>{t('accounts.dispute.contested')}</View>
          <DuplicateList hits={[dispute.contested]} />
          {dispute.contestedId && <Button size='small' fill='outline' onClick={() => goTo('account', { id: dispute.contestedId! })}>{t('accounts.duplicate.open')}</Button>}
        </View>
        {dispute.state === 'open' && can('accounts.arbitrate') && (
          <View className='cp-card' data-testid='dispute-decide'>
            <TextField name='comment' label={t('accounts.dispute.comment')} value={comment} onChange={setComment} />
            <View className='cp-actions'>
              <Button type='primary' loading={deciding} onClick={() => decide('granted')} data-testid='dispute-grant'>{t('accounts.dispute.grant')}</Button>
              <Button fill='outline' loading={deciding} onClick={() => decide('dismissed')} data-testid='dispute-dismiss'>{t('accounts.dispute.dismiss')}</Button>
            </View>
          </View>
        )}
      </View>
    </PageContainer>
  );
}
