import './people-messages';
import { Cell, Tag } from '@nutui/nutui-react-taro';
import { useI18n } from '../i18n';
import type { Account } from './AccountEditor';

/** One person in a member or staff list: name, how they log in, role, and whether they are active. */
export function AccountRow({ account, onClick }: { account: Account; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <Cell
      clickable
      title={account.name}
      description={[account.username, account.phone, t(`role.${account.role}`)].filter(Boolean).join(' · ')}
      extra={<Tag type={account.status === 'active' ? 'success' : 'default'}>{t(`members.status.${account.status}`)}</Tag>}
      onClick={onClick}
    />
  );
}
