import './messages';
import { Text, View } from '@tarojs/components';
import type { AccountDuplicateHit } from '../../../types/accounts';
import { useI18n } from '../../i18n';
import { goTo } from '../../services/navigation';

/**
 * What the duplicate rules found, as the caller may know it: where each match sits and what met, only the fields the
 * upstream lets them see (the name masked), a link when it is theirs to open, and arbitration when it may be disputed.
 */
export function DuplicateList({ hits, onDispute }: { hits: AccountDuplicateHit[]; onDispute?: () => void }) {
  const { t, date } = useI18n();
  if (!hits.length) return null;
  return (
    <View className='cp-notice' data-testid='account-duplicates'>
      {hits.map((hit, index) => {
        const { name, region, customerLevel, state, reportedAt } = hit.preview;
        const shown = [name, region?.province, customerLevel ? t(`accounts.customerLevel.${customerLevel}`) : null, state ? t(`accounts.state.${state}`) : null, reportedAt ? date(reportedAt) : null];
        return (
          <View key={index} data-testid='account-duplicate'>
            <Text>{`【${t(`accounts.duplicate.${hit.outcome}`)}】${t(`accounts.duplicate.${hit.holder}`)}（${hit.matchedOn.map((field) => t(`accounts.matchedOn.${field}`)).join('、')}）`}</Text>
            {shown.some(Boolean) && <View className='cp-muted'>{shown.filter(Boolean).join(' · ')}</View>}
            {hit.recordId && <Text className='cp-link' onClick={() => goTo('account', { id: hit.recordId! })}>{` ${t('accounts.duplicate.open')}`}</Text>}
            {hit.disputable && onDispute && <Text className='cp-link' data-testid='account-dispute' onClick={onDispute}>{` ${t('accounts.duplicate.dispute')}`}</Text>}
          </View>
        );
      })}
    </View>
  );
}
