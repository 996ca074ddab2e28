import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar, Tag } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PARTNER_STATUSES } from '../../../../types/partners';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { useLevels } from '../../../services/reference';

export default function PartnerListPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const levels = useLevels();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [levelId, setLevelId] = useState('');
  const list = usePagedList((cursor) => api.partners.list({ cursor, q, status, levelId }), `${q}|${status}|${levelId}`);
  const levelName = (id: string) => levels.find((level) => level.id === id)?.name ?? '';

  return (
    <PageContainer requires='partners.read' title={t('partners.title')}>
      <View data-testid='partners-page'>
        <SearchBar placeholder={t('partners.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField
            name='status'
            label={t('partners.status')}
            value={status}
            onChange={setStatus}
            options={[{ value: '', label: t('common.all') }, ...PARTNER_STATUSES.map((s) => ({ value: s, label: t(`partners.status.${s}`) }))]}
          />
          {levels.length > 0 && (
            <ChoiceField name='levelId' label={t('partners.level')} value={levelId} onChange={setLevelId} options={[{ value: '', label: t('common.all') }, ...levels.map((l) => ({ value: l.id, label: l.name }))]} />
          )}
        </View>
        {can('partners.manage') && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('partnerEdit')} data-testid='partner-create'>
              {t('partners.create')}
            </Button>
          </View>
        )}
        <ListBody
          list={list}
          render={(partner) => (
            <Cell
              key={partner.id}
              clickable
              title={partner.name}
              description={levelName(partner.levelId)}
              extra={<Tag type={partner.status === 'active' ? 'success' : 'warning'}>{t(`partners.status.${partner.status}`)}</Tag>}
              onClick={() => goTo('partner', { id: partner.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
