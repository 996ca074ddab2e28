import '../messages';
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button, SearchBar } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { AccountRow } from '../../../components/AccountRow';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';

export default function MembersPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const { partnerId } = useRouter().params;
  const [q, setQ] = useState('');
  const list = usePagedList((cursor) => api.members.list({ cursor, q, partnerId }), `${q}|${partnerId ?? ''}`);
  return (
    <PageContainer requires='members.read' title={t('members.title')}>
      <View data-testid='members-page'>
        <SearchBar onSearch={setQ} onClear={() => setQ('')} />
        {can('members.manage') && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('memberEdit', { partnerId })} data-testid='member-create'>{t('members.create')}</Button>
          </View>
        )}
        <ListBody list={list} render={(member) => <AccountRow key={member.id} account={member} onClick={() => goTo('memberEdit', { id: member.id })} />} />
      </View>
    </PageContainer>
  );
}
