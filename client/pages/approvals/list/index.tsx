import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { APPROVAL_BOXES } from '../../../../types/approvals';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { ApprovalStateTag } from '../ApprovalStateTag';
import { approvalsApi } from '../approvals-api';

/** Approvals by box: waiting for me, submitted by me, decided by me, all I may see. */
export default function ApprovalListPage() {
  const { t, date } = useI18n();
  const [box, setBox] = useState(useRouter().params.box ?? 'todo');
  const list = usePagedList((cursor) => approvalsApi.list({ cursor, box }), box);

  return (
    <PageContainer requires='approvals.use' title={t('approvals.title')}>
      <View data-testid='approvals-page'>
        <View className='cp-filters'>
          <ChoiceField name='box' label='' value={box} onChange={setBox} options={APPROVAL_BOXES.map((b) => ({ value: b, label: t(`approvals.box.${b}`) }))} />
        </View>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('approvalRequest')} data-testid='approval-request'>{t('approvals.request')}</Button>
        </View>
        <ListBody
          list={list}
          render={(approval) => (
            <Cell
              key={approval.id}
              clickable
              title={approval.title}
              description={`${t(`approvals.kind.${approval.kind}`)} · ${approval.submitter.name} · ${date(approval.createdAt, true)}`}
              extra={<ApprovalStateTag state={approval.state} />}
              onClick={() => goTo('approval', { id: approval.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
