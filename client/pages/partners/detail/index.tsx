import '../messages';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import { PageContainer } from '../../../components/PageContainer';
import { ShareButton } from '../../../components/ShareButton';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';
import { goTo, ROUTES } from '../../../services/navigation';
import { useChannelManagers, useLevels } from '../../../services/reference';

export default function PartnerDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { can } = useMe();
  const levels = useLevels();
  const managers = useChannelManagers();
  const { data: partner, error, reload, setData } = useRecord(id, api.partners.get);
  const prompt = usePrompt();

  async function suspend() {
    const content = await prompt.ask(t('partners.suspend'), `${t('partners.suspendReason')} · ${t('partners.suspendConfirm')}`);
    if (content === null || !partner) return;
    if (!content) {
      void Taro.showToast({ title: `${t('partners.suspendReason')}: ${t('common.required')}`, icon: 'none' });
      return;
    }
    await act(() => api.partners.suspend(partner.id, content));
  }

  async function act(run: () => ReturnType<typeof api.partners.get>) {
    try {
      setData(await run());
    } catch (e) {
      toastError(e);
    }
  }

  if (error) return <PageContainer requires='partners.read'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!partner) return <PageContainer requires='partners.read'><LoadingView /></PageContainer>;
  const manager = managers.find((m) => m.id === partner.channelManagerId);
  return (
    <PageContainer requires='partners.read' title={partner.name}>
      <View data-testid='partner-detail'>
        {prompt.dialog}
        <Cell.Group title={partner.name}>
          <Cell title={t('partners.status')} extra={<Tag type={partner.status === 'active' ? 'success' : 'warning'} data-testid='partner-status'>{t(`partners.status.${partner.status}`)}</Tag>} />
          {partner.suspendedReason && <Cell title={t('partners.suspendReason')} extra={partner.suspendedReason} />}
          <Cell title={t('partners.level')} extra={levels.find((l) => l.id === partner.levelId)?.name ?? ''} />
          <Cell title={t('partners.region')} extra={[partner.region.province, partner.region.city, partner.region.district].filter(Boolean).join(' / ')} />
          <Cell title={t('partners.channelManager')} extra={manager?.name ?? (partner.channelManagerId ? '' : t('partners.noManager'))} />
          {partner.contactName && <Cell title={t('partners.contactName')} extra={partner.contactName} />}
          {partner.contactPhone && <Cell title={t('partners.contactPhone')} extra={partner.contactPhone} />}
          <Cell title={t('partners.createdAt')} extra={date(partner.createdAt)} />
        </Cell.Group>
        <Cell.Group>
          <Cell title={t('partners.members')} clickable onClick={() => goTo('members', { partnerId: partner.id })} />
        </Cell.Group>
        <View className='cp-actions'>
          <ShareButton card={{ title: partner.name, path: `${ROUTES.partner}?id=${partner.id}`, desc: t('partners.title') }} />
        </View>
        {can('partners.manage') && (
          <View className='cp-actions'>
            <Button type='primary' onClick={() => goTo('partnerEdit', { id: partner.id })}>{t('common.edit')}</Button>
            {partner.status === 'active' ? (
              <Button type='danger' fill='outline' onClick={suspend} data-testid='partner-suspend'>{t('partners.suspend')}</Button>
            ) : (
              <Button type='success' fill='outline' onClick={() => act(() => api.partners.reactivate(partner.id))}>{t('partners.reactivate')}</Button>
            )}
          </View>
        )}
      </View>
    </PageContainer>
  );
}
