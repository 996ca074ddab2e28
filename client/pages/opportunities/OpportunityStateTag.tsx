import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { Opportunity } from '../../../types/opportunities';
import { useI18n } from '../../i18n';

const STATE_TAG = { filing: 'warning', open: 'primary', won: 'success', lost: 'default', rejected: 'default' } as const;

/** An opportunity's state, and its protection, as tags: the same in lists and on the detail page. */
export function OpportunityStateTag({ opportunity }: { opportunity: Pick<Opportunity, 'state' | 'protected'> }) {
  const { t } = useI18n();
  return (
    <Text data-testid='opportunity-state'>
      <Tag type={STATE_TAG[opportunity.state]}>{t(`opportunities.state.${opportunity.state}`)}</Tag>
      {opportunity.protected && <Tag type='primary' plain>{t('opportunities.protected')}</Tag>}
    </Text>
  );
}
