import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { QuoteState } from '../../../types/quotes';
import { useI18n } from '../../i18n';

const STATE_TAG = { draft: 'default', pending: 'warning', approved: 'success', rejected: 'danger', ordered: 'primary', cancelled: 'default' } as const;

/** A quote's state as a tag: the same in the list and on the detail page. */
export function QuoteStateTag({ state }: { state: QuoteState }) {
  const { t } = useI18n();
  return (
    <Text data-testid='quote-state'>
      <Tag type={STATE_TAG[state]}>{t(`quotes.state.${state}`)}</Tag>
    </Text>
  );
}
