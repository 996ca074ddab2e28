import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ACCOUNT_STATES, CUSTOMER_LEVELS } from '../../../../types/accounts';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';
import { AccountStateTag } from '../AccountStateTag';

/** Accounts the caller may see: mine or all, by state, level and text, newest first, loading more as one scrolls. */
export default function AccountListPage() {
  const { t, date } = useI18n();
  const { me, can } = useMe();
  const params = useRouter().params;
  const partnerStaff = Boolean(me?.partner);
  const [q, setQ] = useState('');
  const [scope, setScope] = useState(params.scope ?? (partnerStaff ? 'mine' : 'all'));
  const [state, setState] = useState(params.state ?? '');
  const [customerLevel, setCustomerLevel] = useState('');
  const list = usePagedList(
    (cursor) => accountsApi.list({ cursor, q, state, customerLevel, owner: scope === 'mine' ? 'me' : undefined }),
    `${q}|${scope}|${state}|${customerLevel}`,
  );

  return (
    <PageContainer requires='accounts.use' title={t('accounts.title')}>
      <View data-testid='accounts-page'>
        <SearchBar placeholder={t('accounts.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='scope' label='' value={scope} onChange={setScope} options={['mine', 'all'].map((s) => ({ value: s, label: t(`accounts.scope.${s as 'mine' | 'all'}`) }))} />
          <ChoiceField
            name='state'
            label={t('accounts.state')}
            value={state}
            onChange={setState}
            options={[{ value: '', label: t('common.all') }, ...ACCOUNT_STATES.map((s) => ({ value: s, label: t(`accounts.state.${s}`) }))]}
          />
          <ChoiceField
            name='customerLevel'
            label={t('accounts.customerLevel')}
            value={customerLevel}
            onChange={setCustomerLevel}
            options={[{ value: '', label: t('common.all') }, ...CUSTOMER_LEVELS.map((l) => ({ value: l, label: t(`accounts.customerLevel.${l}`) }))]}
          />
        </View>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('accountEdit')} data-testid='account-create'>{partnerStaff ? t('accounts.report') : t('accounts.create')}</Button>
          <Button size='small' fill='outline' onClick={() => goTo('accountPools')} data-testid='account-pools'>{t('accounts.pools')}</Button>
          <Button size='small' fill='outline' onClick={() => goTo('accountDisputes')} data-testid='account-disputes'>{t('accounts.disputes')}</Button>
          {can('accountSettings.configure') && <Button size='small' fill='outline' onClick={() => goTo('accountSettings')}>{t('accounts.settings')}</Button>}
        </View>
        <ListBody
          list={list}
          render={(account) => (
            <Cell
              key={account.id}
              clickable
              title={account.name}
              description={[t(`accounts.customerLevel.${account.customerLevel}`), account.ownerName ?? account.partnerName, date(account.updatedAt)].filter(Boolean).join(' · ')}
              extra={<AccountStateTag account={account} />}
              onClick={() => goTo('account', { id: account.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
