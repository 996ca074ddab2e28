import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { LeadState } from '../../../types/leads';
import { useI18n } from '../../i18n';

const STATE_TAG: Record<LeadState, 'primary' | 'success' | 'danger' | 'warning' | 'default'> = {
  reporting: 'warning',
  pooled: 'default',
  offered: 'warning',
  new: 'primary',
  following: 'primary',
  converted: 'success',
  invalid: 'default',
};

/** A lead's state as a coloured tag, the same in lists and on the detail page. */
export function LeadStateTag({ state }: { state: LeadState }) {
  const { t } = useI18n();
  return (
    <Text data-testid='lead-state'>
      <Tag type={STATE_TAG[state]}>{t(`leads.state.${state}`)}</Tag>
    </Text>
  );
}
