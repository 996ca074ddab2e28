import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Cell } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { contactInput, type Account, type AccountPool, type Contact } from '../../../../types/accounts';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { FollowUpForm } from '../../../components/FollowUpForm';
import { Timeline } from '../../../components/Timeline';
import { MemberPicker } from '../../../components/MemberPicker';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { toastError } from '../../../components/toastError';
import { optionalText, useForm } from '../../../components/useForm';
import { usePagedList } from '../../../components/usePagedList';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { refreshInboxBadge } from '../../../services/inbox-badge';
import { useMe } from '../../../services/me';
import { goBack, goTo } from '../../../services/navigation';
import { useUpstreamStaff } from '../../../services/reference';
import { accountsApi } from '../accounts-api';
import { AccountStateTag } from '../AccountStateTag';

type Panel = 'none' | 'followUp' | 'return' | 'assign' | 'contact' | 'team';

/** One account: who and where, what the caller may do now, contacts, the team, the follow-up form and the timeline. */
export default function AccountDetailPage() {
  const { t, date } = useI18n();
  const { id } = useRouter().params;
  const { data: account, error, reload, setData } = useRecord(id, accountsApi.get);
  const timeline = usePagedList((cursor) => accountsApi.events(id!, cursor), `${id}|${account?.updatedAt ?? ''}`);
  const [panel, setPanel] = useState<Panel>('none');
  const [formKey, setFormKey] = useState(0);
  const prompt = usePrompt();
  const { can } = useMe();

  function saved(next: Account) {
    setData(next);
    setPanel('none');
    setFormKey((k) => k + 1);
    void refreshInboxBadge();
  }

  async function act(run: () => Promise<Account | void>) {
    try {
      const next = await run();
      if (next) saved(next);
      else goBack();
    } catch (e) {
      toastError(e);
      void reload();
    }
  }

  const toggle = (next: Panel) => setPanel(panel === next ? 'none' : next);

  if (error) return <PageContainer requires='accounts.use'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!account) return <PageContainer requires='accounts.use'><LoadingView /></PageContainer>;
  const region = [account.region.province, account.region.city, account.region.district].filter(Boolean).join(' / ');
  return (
    <PageContainer requires='accounts.use' title={account.name}>
      <View data-testid='account-detail'>
        {prompt.dialog}
        <Cell.Group>
          <Cell title={account.name} extra={<AccountStateTag account={account} />} />
          {account.creditCode && <Cell title={t('accounts.creditCode')} extra={account.creditCode} />}
          {account.registryStatus && <Cell title={t('accounts.registry')} extra={t(`accounts.registry.status.${account.registryStatus}`)} />}
          {account.phone && <Cell title={t('accounts.phone')} extra={account.phone} clickable onClick={() => void Taro.makePhoneCall({ phoneNumber: account.phone! }).catch(() => undefined)} />}
          <Cell title={t('accounts.customerLevel')} extra={`${t(`accounts.customerLevel.${account.customerLevel}`)} · ${region}`} />
          {account.address && <Cell title={t('accounts.address')} description={account.address} />}
          {account.partnerName && <Cell title={t('accounts.partner')} extra={account.partnerName} />}
          {account.ownerName && <Cell title={t('accounts.owner')} extra={account.ownerName} />}
          {account.protectedUntil && <Cell title={t('accounts.protected')} extra={t('accounts.protectedUntil', { date: date(account.protectedUntil) })} />}
          {account.lastDealAt && <Cell title={t('accounts.lastDealAt')} extra={date(account.lastDealAt)} />}
          {account.recycleAt && <Cell title={t('accounts.recycleAt')} extra={date(account.recycleAt, true)} />}
          {account.reason && <Cell title={t('accounts.reason')} description={account.reason} />}
          {account.notes && <Cell title={t('accounts.notes')} description={account.notes} />}
        </Cell.Group>

        <View className='cp-actions' data-testid='account-actions'>
          {account.can.followUp && <Button type='primary' onClick={() => toggle('followUp')}>{t('accounts.followUp')}</Button>}
          {account.can.claim && <Button type='primary' onClick={() => act(() => accountsApi.claim(account.id))}>{t('accounts.action.claim')}</Button>}
          {account.can.edit && <Button fill='outline' onClick={() => goTo('accountEdit', { id: account.id })}>{t('common.edit')}</Button>}
          {account.can.assign && <Button fill='outline' onClick={() => toggle('assign')}>{t('accounts.action.assign')}</Button>}
          {account.can.recordDeal && (
            <Button type='success' fill='outline' onClick={async () => {
              const note = await prompt.ask(t('accounts.action.deal'), t('accounts.dealNote'));
              if (note !== null) await act(() => accountsApi.deal(account.id, note));
            }}>{t('accounts.action.deal')}</Button>
          )}
          {(account.can.return || account.can.move) && <Button fill='outline' onClick={() => toggle('return')}>{account.can.move ? t('accounts.action.move') : t('accounts.action.return')}</Button>}
        </View>

        {panel === 'followUp' && <FollowUpForm key={formKey} draftKey={`account-follow-up-${account.id}`} planNext={false} save={(body) => accountsApi.followUp(account.id, body)} onSaved={saved} />}
        {panel === 'return' && <ReturnPanel account={account} onDone={act} />}
        {panel === 'assign' && <AssignPanel account={account} onDone={act} />}

        {account.state === 'active' && (
          <Cell.Group>
            <Cell title={t('accounts.opportunities')} clickable onClick={() => goTo('opportunities', { accountId: account.id, scope: 'all' })} data-testid='account-opportunities' />
            {can('sales.use') && <Cell title={t('accounts.quotes')} clickable onClick={() => goTo('quotes', { accountId: account.id })} data-testid='account-quotes' />}
          </Cell.Group>
        )}

        <Cell.Group title={t('accounts.contacts')}>
          {account.contacts.map((contact) => <ContactRow key={contact.id} account={account} contact={contact} onChanged={() => void reload()} />)}
          {account.can.contacts && panel !== 'contact' && <Cell title={t('accounts.contact.add')} clickable onClick={() => setPanel('contact')} data-testid='contact-add' />}
        </Cell.Group>
        {panel === 'contact' && <ContactForm key={formKey} account={account} onSaved={() => { setPanel('none'); void reload(); }} />}

        {(account.team.length > 0 || (account.can.team && can('members.read'))) && (
          <Cell.Group title={t('accounts.team')}>
            {account.team.map((member) => (
              <Cell key={member.id} title={member.name} extra={account.can.team ? <Text className='cp-link' onClick={() => act(() => accountsApi.removeTeam(account.id, member.id))}>{t('accounts.removeTeam')}</Text> : undefined} />
            ))}
            {account.can.team && can('members.read') && (
              <MemberPicker partnerId={account.partnerId} taken={[account.ownerId, ...account.team.map((m) => m.id)]} label={t('accounts.addTeam')} onPick={async (userId) => saved(await accountsApi.addTeam(account.id, userId))} />
            )}
          </Cell.Group>
        )}

        <Timeline title={t('accounts.timeline')} list={timeline} action={(event) => t(`accounts.event.${event.type}`)} system={t('accounts.system')} testId='account-timeline' />
      </View>
    </PageContainer>
  );
}

/** Back to a pool (held) or to another pool (pooled, upstream): the pools the caller may choose, and a reason. */
function ReturnPanel({ account, onDone }: { account: Account; onDone: (run: () => Promise<Account | void>) => Promise<void> }) {
  const { t } = useI18n();
  const [pools, setPools] = useState<AccountPool[]>([]);
  const [poolId, setPoolId] = useState(account.poolId ?? '');
  const [reason, setReason] = useState('');
  useEffect(() => {
    accountsApi.pools().then((all) => {
      const own = all.find((p) => p.id === account.poolId);
      setPools(own ? all.filter((p) => p.id === own.id || own.moveTo.includes(p.id)) : all);
    }, () => setPools([]));
  }, [account.poolId]);
  async function submit() {
    if (account.can.move) return onDone(() => accountsApi.move(account.id, poolId, reason.trim()));
    if (!reason.trim()) return void Taro.showToast({ title: t('accounts.reasonRequired'), icon: 'none' });
    return onDone(() => accountsApi.giveBack(account.id, reason.trim(), poolId || undefined));
  }
  return (
    <View className='cp-card' data-testid='account-return'>
      <ChoiceField name='poolId' label={t('accounts.returnTo')} value={poolId} onChange={setPoolId} options={pools.map((p) => ({ value: p.id, label: p.name }))} />
      <TextField name='reason' label={t('accounts.reason')} value={reason} onChange={setReason} />
      <FormActions submitting={false} onSubmit={submit} />
    </View>
  );
}

/** Whom the caller may hand the account to: a partner admin, their members; upstream staff, a colleague upstream or a partner's member they manage. */
function AssignPanel({ account, onDone }: { account: Account; onDone: (run: () => Promise<Account | void>) => Promise<void> }) {
  const { t } = useI18n();
  const { me } = useMe();
  const staff = useUpstreamStaff();
  const [members, setMembers] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const partnerId = me?.partner?.id ?? account.partnerId ?? undefined;
    api.members.list({ partnerId, status: 'active', limit: 100 }).then((page) => setMembers(page.items.map((m) => ({ value: m.id, label: m.name }))), () => setMembers([]));
  }, [me, account.partnerId]);
  const options = [...members, ...(me?.partner ? [] : staff.map((s) => ({ value: s.id, label: s.name })))].filter((o) => o.value !== account.ownerId);
  return (
    <View className='cp-card' data-testid='account-assign'>
      <ChoiceField name='assignee' label={t('accounts.assignTo')} value='' onChange={(userId) => void onDone(() => accountsApi.assign(account.id, userId))} options={options} />
    </View>
  );
}

function ContactRow({ account, contact, onChanged }: { account: Account; contact: Contact; onChanged: () => void }) {
  const { t } = useI18n();
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onChanged();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Cell
      title={`${contact.name}${contact.title ? ` · ${contact.title}` : ''}${contact.primary ? ` · ${t('accounts.contact.primary')}` : ''}`}
      description={[contact.phone, contact.email].filter(Boolean).join(' · ')}
      extra={account.can.contacts ? (
        <View>
          {!contact.primary && <Text className='cp-link' onClick={() => run(() => accountsApi.updateContact(account.id, contact.id, { primary: true }))}>{`${t('accounts.contact.makePrimary')} `}</Text>}
          <Text className='cp-link' onClick={() => confirmAction(t('accounts.contact.remove'), t('accounts.contact.removeConfirm'), () => run(() => accountsApi.removeContact(account.id, contact.id)))}>{t('accounts.contact.remove')}</Text>
        </View>
      ) : undefined}
      onClick={() => contact.phone && void Taro.makePhoneCall({ phoneNumber: contact.phone }).catch(() => undefined)}
    />
  );
}

/** A new contact, validated by the shared schema; the draft is kept per account. */
function ContactForm({ account, onSaved }: { account: Account; onSaved: () => void }) {
  const { t } = useI18n();
  const form = useForm({
    initial: { name: '', title: '', phone: '', email: '' },
    schema: contactInput,
    draftKey: `account-contact-${account.id}`,
    toBody: (v) => ({ name: v.name.trim(), title: v.title.trim(), phone: optionalText(v.phone), email: optionalText(v.email), primary: account.contacts.length === 0 }),
  });
  const field = (key: string, label: string, type?: 'tel') => <TextField name={key} label={label} type={type} value={form.values[key]} onChange={(v) => form.set(key, v)} error={form.errors[key]} />;
  async function submit() {
    if (await form.submit((body) => accountsApi.addContact(account.id, body))) onSaved();
  }
  return (
    <RequiredFields.Provider value={form.required}>
      <View className='cp-card' data-testid='contact-form'>
        {field('name', t('accounts.contact.name'))}
        {field('title', t('accounts.contact.title'))}
        {field('phone', t('accounts.contact.phone'), 'tel')}
        {field('email', t('accounts.contact.email'))}
        <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
      </View>
    </RequiredFields.Provider>
  );
}
