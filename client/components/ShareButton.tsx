import Taro, { useShareAppMessage } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useI18n } from '../i18n';
import { sharePage, type ShareCard } from '../platform/share';
import { toastError } from './toastError';

/**
 * Shares a record's page: inside WeChat it sets the chat and Moments cards (JS-SDK in H5, the page's share hook in
 * the mini-program, whose page config must enable sharing) and says where to tap; elsewhere the system sheet or
 * the clipboard.
 */
export function ShareButton({ card }: { card: ShareCard }) {
  const { t } = useI18n();
  useShareAppMessage(() => ({ title: card.title, path: card.path }));

  async function share() {
    try {
      const outcome = await sharePage(card);
      if (outcome !== 'shared') void Taro.showToast({ title: t(`share.${outcome}`), icon: 'none', duration: 4000 });
    } catch (error) {
      toastError(error);
    }
  }

  return (
    <Button fill='outline' onClick={share} data-testid='share'>
      {t('share.action')}
    </Button>
  );
}
