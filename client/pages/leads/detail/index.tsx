import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { Lead } from '../../../../types/leads';
import { Timeline } from '../../../components/Timeline';
import { MemberPicker } from '../../../components/MemberPicker';
import { PageContainer } from '../../../components/PageContainer';
import { FollowUpForm } from '../../../components/FollowUpForm';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { toastError } from '../../../components/toastError';
import { usePagedList } from '../../../components/usePagedList';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { refreshInboxBadge } from '../../../services/inbox-badge';
import { useMe } from '../../../services/me';
import { goBack, goTo } from '../../../services/navigation';
import { AssignPanel } from '../AssignPanel';
import { leadsApi } from '../leads-api';
import { LeadStateTag } from '../LeadStateTag';

/** One lead: who and where, what the caller may do now, co-followers, the follow-up form and the timeline. */
export default function LeadDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { data: lead, error, reload, setData } = useRecord(id, leadsApi.get);
  const timeline = usePagedList((cursor) => leadsApi.events(id!, cursor), `${id}|${lead?.updatedAt ?? ''}`);
  const [panel, setPanel] = useState<'none' | 'followUp' | 'assign'>('none');
  const [formKey, setFormKey] = useState(0);
  const prompt = usePrompt();
  const { can } = useMe();

  function saved(next: Lead) {
    setData(next);
    setPanel('none');
    setFormKey((k) => k + 1);
    void refreshInboxBadge();
  }

  async function act(run: () => Promise<Lead | void>) {
    try {
      const next = await run();
      if (next) saved(next);
      else goBack();
    } catch (e) {
      toastError(e);
      void reload();
    }
  }

  async function withReason(title: string, run: (reason: string) => Promise<Lead | void>) {
    const reason = await prompt.ask(title, t('leads.reasonRequired'));
    if (reason === null) return;
    if (!reason) return void Taro.showToast({ title: t('leads.reasonRequired'), icon: 'none' });
    await act(() => run(reason));
  }

  if (error) return <PageContainer requires='leads.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!lead) return <PageContainer requires='leads.use'><LoadingView /></PageContainer>;
  const region = [lead.region.province, lead.region.city, lead.region.district].filter(Boolean).join(' / ');
  return (
    <PageContainer requires='leads.use' title={lead.company}>
      <View data-testid='lead-detail'>
        {prompt.dialog}
        <Cell.Group>
          <Cell title={lead.company} extra={<LeadStateTag state={lead.state} />} />
          {lead.contactName && <Cell title={t('leads.contactName')} extra={lead.contactName} />}
          {lead.phone && <Cell title={t('leads.phone')} extra={lead.phone} clickable onClick={() => void Taro.makePhoneCall({ phoneNumber: lead.phone! }).catch(() => undefined)} />}
          <Cell title={t('leads.source')} extra={`${t(`leads.source.${lead.source}`)} · ${region}`} />
          {lead.partnerName && <Cell title={t('leads.partner')} extra={lead.partnerName} />}
          {lead.ownerName && <Cell title={t('leads.owner')} extra={lead.ownerName} />}
          {lead.nextFollowUpAt && <Cell title={t('leads.nextFollowUp')} extra={date(lead.nextFollowUpAt, true)} />}
          {lead.recycleAt && <Cell title={t('leads.recycleAt')} extra={date(lead.recycleAt, true)} />}
          {lead.offeredUntil && <Cell title={t('leads.offeredUntil')} extra={date(lead.offeredUntil, true)} />}
          {lead.conversion?.accountId && <Cell title={t('leads.convertedTo')} extra={t('leads.duplicate.open')} clickable onClick={() => goTo('account', { id: lead.conversion!.accountId! })} data-testid='lead-account' />}
          {lead.conversion?.opportunityId && <Cell title={t('leads.followedAs')} extra={t('leads.duplicate.open')} clickable onClick={() => goTo('opportunity', { id: lead.conversion!.opportunityId! })} />}
          {lead.conversion?.accountId && !lead.conversion.opportunityId && can('opportunities.use') && (
            <Cell title={t('leads.createOpportunity')} clickable onClick={() => goTo('opportunityEdit', { accountId: lead.conversion!.accountId!, leadId: lead.id })} data-testid='lead-opportunity' />
          )}
          {lead.reason && <Cell title={t('leads.reason')} description={lead.reason} />}
          {lead.notes && <Cell title={t('leads.notes')} description={lead.notes} />}
        </Cell.Group>

        <View className='cp-actions' data-testid='lead-actions'>
          {lead.can.accept && (
            <>
              <Button type='primary' onClick={() => act(() => leadsApi.accept(lead.id))}>{t('leads.action.accept')}</Button>
              <Button fill='outline' onClick={() => withReason(t('leads.action.decline'), (reason) => leadsApi.decline(lead.id, reason))}>{t('leads.action.decline')}</Button>
            </>
          )}
          {lead.can.followUp && <Button type='primary' onClick={() => setPanel(panel === 'followUp' ? 'none' : 'followUp')}>{t('leads.followUp')}</Button>}
          {lead.can.convert && (
            <Button type='success' fill='outline' onClick={() => confirmAction(t('leads.action.convert'), t('leads.convertConfirm'), () => act(() => leadsApi.convert(lead.id)))}>
              {t('leads.action.convert')}
            </Button>
          )}
          {lead.can.assign && <Button fill='outline' onClick={() => setPanel(panel === 'assign' ? 'none' : 'assign')}>{t('leads.action.assign')}</Button>}
          {lead.can.edit && <Button fill='outline' onClick={() => goTo('leadEdit', { id: lead.id })}>{t('common.edit')}</Button>}
          {lead.can.release && <Button fill='outline' onClick={() => withReason(t('leads.action.release'), (reason) => leadsApi.release(lead.id, reason))}>{t('leads.action.release')}</Button>}
          {lead.can.invalidate && (
            <Button type='danger' fill='outline' onClick={() => withReason(t('leads.action.invalidate'), (reason) => leadsApi.invalidate(lead.id, reason))}>{t('leads.action.invalidate')}</Button>
          )}
        </View>

        {panel === 'followUp' && <FollowUpForm key={formKey} draftKey={`lead-follow-up-${lead.id}`} planNext save={(body) => leadsApi.followUp(lead.id, body)} onSaved={saved} />}
        {panel === 'assign' && <AssignPanel lead={lead} onAssigned={(next) => act(async () => next)} />}

        {(lead.collaborators.length > 0 || (lead.can.collaborate && can('members.read'))) && (
          <Cell.Group title={t('leads.collaborators')}>
            {lead.collaborators.map((c) => (
              <Cell
                key={c.id}
                title={c.name}
                extra={lead.can.collaborate ? <Text className='cp-link' onClick={() => act(() => leadsApi.removeCollaborator(lead.id, c.id))}>{t('leads.removeCollaborator')}</Text> : undefined}
              />
            ))}
            {lead.can.collaborate && can('members.read') && (
              <MemberPicker partnerId={lead.partnerId} taken={[lead.ownerId, ...lead.collaborators.map((c) => c.id)]} label={t('leads.addCollaborator')} onPick={async (userId) => saved(await leadsApi.addCollaborator(lead.id, userId))} />
            )}
          </Cell.Group>
        )}

        <Timeline title={t('leads.timeline')} list={timeline} action={(event) => t(`leads.event.${event.type}`)} system={t('leads.system')} testId='lead-timeline' />
      </View>
    </PageContainer>
  );
}
