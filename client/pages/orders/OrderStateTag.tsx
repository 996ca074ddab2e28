import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { OrderState } from '../../../types/orders';
import { useI18n } from '../../i18n';

const STATE_TAG = { submitted: 'warning', confirmed: 'primary', shipped: 'primary', completed: 'success', cancelled: 'default' } as const;

/** An order's state as a tag: the same in the list and on the detail page. */
export function OrderStateTag({ state }: { state: OrderState }) {
  const { t } = useI18n();
  return (
    <Text data-testid='order-state'>
      <Tag type={STATE_TAG[state]}>{t(`orders.state.${state}`)}</Tag>
    </Text>
  );
}
