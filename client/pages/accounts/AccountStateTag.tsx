import './messages';
import { Text } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import type { Account } from '../../../types/accounts';
import { useI18n } from '../../i18n';

const STATE_TAG = { reporting: 'warning', active: 'primary', pooled: 'default', rejected: 'default' } as const;

/** An account's state, and whether it is won or protected, as tags: the same in lists and on the detail page. */
export function AccountStateTag({ account }: { account: Pick<Account, 'state' | 'won' | 'protected'> }) {
  const { t } = useI18n();
  return (
    <Text data-testid='account-state'>
      <Tag type={STATE_TAG[account.state]}>{t(`accounts.state.${account.state}`)}</Tag>
      {account.won && <Tag type='success'>{t('accounts.won')}</Tag>}
      {account.protected && account.state === 'active' && <Tag type='primary' plain>{t('accounts.protected')}</Tag>}
    </Text>
  );
}
