import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { Approval } from '../../../types/approvals';
import { useI18n } from '../../i18n';

const STATE_TAG: Record<Approval['state'], 'primary' | 'success' | 'danger' | 'warning' | 'default'> = {
  pending: 'primary',
  returned: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

/** An approval's state as a coloured tag, the same in lists and on the detail page. */
export function ApprovalStateTag({ state }: { state: Approval['state'] }) {
  const { t } = useI18n();
  return (
    <Text data-testid='approval-state'>
      <Tag type={STATE_TAG[state]}>{t(`approvals.state.${state}`)}</Tag>
    </Text>
  );
}

