import '../messages';
import { View } from '@tarojs/components';
import { Button, SearchBar } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { UPSTREAM_ROLES } from '../../../../types/permissions';
import { AccountRow } from '../../../components/AccountRow';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';

export default function StaffPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const list = usePagedList((cursor) => api.staff.list({ cursor, q, role }), `${q}|${role}`);
  return (
    <PageContainer requires='staff.read' title={t('staff.title')}>
      <View data-testid='staff-page'>
        <SearchBar onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='role' label={t('members.role')} value={role} onChange={setRole} options={[{ value: '', label: t('common.all') }, ...UPSTREAM_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
        </View>
        {can('staff.manage') && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('staffEdit')}>{t('staff.create')}</Button>
          </View>
        )}
        <ListBody list={list} render={(person) => <AccountRow key={person.id} account={person} onClick={() => goTo('staffEdit', { id: person.id })} />} />
      </View>
    </PageContainer>
  );
}
