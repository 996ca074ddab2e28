import '../messages';
import { View } from '@tarojs/components';
import { Cell, Tag } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { DISPUTE_STATES } from '../../../../types/accounts';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';

/** Ownership disputes the caller raised (partner staff) or may decide (upstream), open ones first to hand. */
export default function DisputesPage() {
  const { t, date } = useI18n();
  const [state, setState] = useState('open');
  const list = usePagedList((cursor) => accountsApi.disputes({ cursor, state }), state);
  return (
    <PageContainer requires='accounts.use' title={t('accounts.disputes')}>
      <View data-testid='disputes-page'>
        <View className='cp-filters'>
          <ChoiceField name='state' label='' value={state} onChange={setState} options={[{ value: '', label: t('common.all') }, ...DISPUTE_STATES.map((s) => ({ value: s, label: t(`accounts.dispute.state.${s}`) }))]} />
        </View>
        <ListBody
          list={list}
          emptyText={t('accounts.disputes.empty')}
          render={(dispute) => (
            <Cell
              key={dispute.id}
              clickable
              title={dispute.name}
              description={[dispute.claimantPartnerName, dispute.claimantName, date(dispute.createdAt)].filter(Boolean).join(' · ')}
              extra={<Tag type={dispute.state === 'open' ? 'warning' : 'default'}>{t(`accounts.dispute.state.${dispute.state}`)}</Tag>}
              onClick={() => goTo('accountDispute', { id: dispute.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
