import '../messages';
import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import { PageContainer } from '../../../components/PageContainer';
import { EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { approvalsApi } from '../approvals-api';

/** The tenant's approval flows by kind, highest priority first (a handful: no paging). */
export default function ApprovalFlowsPage() {
  const { t } = useI18n();
  const { data: flows, error, reload } = useRecord('all', () => approvalsApi.flows());
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useDidShow(() => void reload());

  let body;
  if (error) body = <ErrorView error={error} onRetry={reload} />;
  else if (!flows) body = <LoadingView />;
  else if (!flows.length) body = <EmptyView text={t('approvals.flows.empty')} />;
  else
    body = flows.map((flow) => (
      <Cell
        key={flow.id}
        clickable
        title={`${t(`approvals.kind.${flow.kind}`)} · ${flow.name}`}
        description={t('approvals.flows.summary', { priority: flow.priority, steps: flow.steps.length, version: flow.version })}
        extra={flow.enabled ? undefined : <Tag>{t('approvals.flows.disabled')}</Tag>}
        onClick={() => goTo('approvalFlowEdit', { id: flow.id })}
      />
    ));
  return (
    <PageContainer requires='approvals.configure' title={t('approvals.flows.title')}>
      <View data-testid='flows-page'>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('approvalFlowEdit')} data-testid='flow-create'>{t('approvals.flows.create')}</Button>
        </View>
        {body}
      </View>
    </PageContainer>
  );
}
