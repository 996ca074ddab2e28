import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import {
  accountInput, accountPatch, CUSTOMER_LEVELS, type Account, type AccountDuplicateHit, type AccountInput, type AccountPool, type RegistryCompany,
} from '../../../../types/accounts';
import { pagePath } from '../../../../types/pages';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { checkForm, optionalText, useForm, type FormValues } from '../../../components/useForm';
import { usePrompt } from '../../../components/usePrompt';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { ApiError } from '../../../services/http-client';
import { useMe } from '../../../services/me';
import { goBack, goTo, ROUTES } from '../../../services/navigation';
import { accountsApi } from '../accounts-api';
import { DuplicateList } from '../DuplicateList';

const toValues = (account: Account | null): FormValues => ({
  name: account?.name ?? '',
  creditCode: account?.creditCode ?? '',
  phone: account?.phone ?? '',
  province: account?.region.province ?? '',
  city: account?.region.city ?? '',
  district: account?.region.district ?? '',
  address: account?.address ?? '',
  customerLevel: account?.customerLevel ?? 'normal',
  industry: account?.industry ?? '',
  notes: account?.notes ?? '',
  contactName: '',
  contactTitle: '',
  contactPhone: '',
  poolId: '',
});

/** How long typing pauses before the registry and the duplicate check are asked. */
const TYPING_PAUSE_MS = 500;

/**
 * Creating (or reporting) an account, or editing one. The name autocompletes from the business registry, which fills
 * the credit code, address and region; the duplicate rules answer while the name, code and phone are typed. A warning
 * may be acknowledged; a block by another partner's protected account may be taken to arbitration. The draft is kept.
 */
export default function AccountEditPage() {
  const { t } = useI18n();
  const { me } = useMe();
  const { id } = useRouter().params;
  const upstream = Boolean(me && !me.partner);
  const record = useRecord(id, accountsApi.get);
  const prompt = usePrompt();
  const [pools, setPools] = useState<AccountPool[]>([]);
  const [suggestions, setSuggestions] = useState<RegistryCompany[]>([]);
  const [registryNote, setRegistryNote] = useState<'none' | 'notFound' | 'down'>('none');
  const [picked, setPicked] = useState('');
  const [duplicates, setDuplicates] = useState<AccountDuplicateHit[]>([]);
  const [acknowledged, setAcknowledged] = useState(false);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? accountPatch : accountInput,
    draftKey: id ? undefined : 'account-new',
    toBody: (v) => ({
      name: v.name.trim(),
      creditCode: optionalText(v.creditCode) ?? (id ? null : undefined),
      phone: optionalText(v.phone) ?? (id ? null : undefined),
      region: { province: v.province.trim(), city: optionalText(v.city), district: optionalText(v.district) },
      address: v.address.trim(),
      customerLevel: v.customerLevel,
      industry: v.industry.trim(),
      notes: v.notes.trim(),
      acknowledgeDuplicates: acknowledged,
      ...(id ? {} : {
        contacts: v.contactName.trim() ? [{ name: v.contactName.trim(), title: v.contactTitle.trim(), phone: optionalText(v.contactPhone), primary: true }] : [],
        ...(upstream ? { poolId: optionalText(v.poolId) } : {}),
      }),
    }),
  });

  useEffect(() => {
    if (upstream && !id) accountsApi.pools().then(setPools, () => setPools([]));
  }, [upstream, id]);

  const { name, creditCode, phone } = form.values;
  // The registry, while a new account's name is typed (not once a company was picked from it).
  useEffect(() => {
    if (id || name.trim().length < 2 || name === picked) return setSuggestions([]);
    let current = true;
    const timer = setTimeout(() => {
      accountsApi.registry(name.trim()).then(
        (answer) => {
          if (!current) return;
          setSuggestions(answer.companies.slice(0, 5));
          setRegistryNote(answer.companies.length ? 'none' : 'notFound');
        },
        () => current && setRegistryNote('down'),
      );
    }, TYPING_PAUSE_MS);
    // A slower answer to what was typed before must not overwrite the answer to what is there now.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, picked, id]);

  // The duplicate rules, on what identifies the company.
  useEffect(() => {
    setAcknowledged(false);
    if (name.trim().length < 2 && creditCode.trim().length < 18 && phone.replace(/\D/g, '').length < 7) return setDuplicates([]);
    let current = true;
    const timer = setTimeout(() => {
      accountsApi
        .duplicates({ name: optionalText(name), creditCode: creditCode.trim().length >= 18 ? creditCode.trim() : undefined, phone: optionalText(phone), exceptId: id })
        .then((answer) => current && setDuplicates(answer.duplicates), () => undefined);
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name, creditCode, phone, id]);

  function pick(company: RegistryCompany) {
    setPicked(company.legalName);
    setSuggestions([]);
    form.set('name', company.legalName);
    form.set('creditCode', company.creditCode);
    if (company.address) form.set('address', company.address);
    if (/^\d{6}$/.test(company.division)) {
      form.set('province', `${company.division.slice(0, 2)}0000`);
      form.set('city', `${company.division.slice(0, 4)}00`);
      form.set('district', company.division.endsWith('00') ? '' : company.division);
    }
  }

  async function submit() {
    let saved: Account | undefined;
    const ok = await form.submit(async (body) => {
      try {
        saved = id ? await accountsApi.update(id, body) : await accountsApi.create(body as AccountInput);
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'account.duplicate' || error.code === 'account.possible_duplicate')) setDuplicates(error.duplicates as AccountDuplicateHit[]);
        throw error;
      }
    });
    if (!ok || !saved) return;
    if (id) return goBack();
    await Taro.redirectTo({ url: pagePath({ page: ROUTES.account, params: { id: saved.id } }) });
    void Taro.showToast({ title: t('accounts.submitted'), icon: 'success' });
  }

  /** The blocked report goes to the upstream with the reporter's reason; the draft stays until then. */
  async function dispute() {
    const reason = await prompt.ask(t('accounts.duplicate.dispute'), t('accounts.dispute.reasonHint'));
    if (reason === null) return;
    if (!reason) return void Taro.showToast({ title: t('accounts.reasonRequired'), icon: 'none' });
    const v = form.values;
    const parsed = checkForm(accountInput, {
      name: v.name.trim(), creditCode: optionalText(v.creditCode), phone: optionalText(v.phone),
      region: { province: v.province.trim(), city: optionalText(v.city), district: optionalText(v.district) }, address: v.address.trim(), customerLevel: v.customerLevel,
    });
    if (!parsed.success) return void Taro.showToast({ title: parsed.issues[0].message, icon: 'none' });
    try {
      const opened = await accountsApi.dispute(parsed.data as AccountInput, reason);
      void Taro.showToast({ title: t('accounts.dispute.submitted'), icon: 'none' });
      goTo('accountDispute', { id: opened.id });
    } catch (e) {
      toastError(e);
    }
  }

  const field = (key: string, label: string, type?: 'digit' | 'tel', hint?: string) => (
    <TextField name={key} label={label} type={type} hint={hint} value={form.values[key]} onChange={(v) => form.set(key, v)} error={form.errors[key] || form.errors[`region.${key}`]} />
  );
  const warnOnly = duplicates.length > 0 && duplicates.every((hit) => hit.outcome === 'warn');

  if (record.error) return <PageContainer requires='accounts.use'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='accounts.use' title={id ? t('accounts.edit') : upstream ? t('accounts.create') : t('accounts.report')}>
        {prompt.dialog}
        <View className='cp-card' data-testid='account-form'>
          {field('name', t('accounts.name'), undefined, id ? undefined : t('accounts.nameHint'))}
          {suggestions.length > 0 && (
            <View className='cp-suggestions' data-testid='registry-suggestions'>
              {suggestions.map((company) => (
                <View key={company.creditCode} className='cp-suggestion' onClick={() => pick(company)} data-testid='registry-suggestion'>
                  <Text>{company.legalName}</Text>
                  <Text className='cp-muted'>{` ${company.creditCode} · ${t(`accounts.registry.status.${company.status}`)}`}</Text>
                </View>
              ))}
            </View>
          )}
          {registryNote !== 'none' && !suggestions.length && !id && name.trim().length >= 2 && name !== picked && (
            <Text className='cp-field__hint'>{t(registryNote === 'down' ? 'accounts.registry.down' : 'accounts.registry.notFound')}</Text>
          )}
          {field('creditCode', t('accounts.creditCode'), undefined, t('accounts.creditCodeHint'))}
          {field('phone', t('accounts.phone'), 'tel')}
          <DuplicateList hits={duplicates} onDispute={dispute} />
          {warnOnly && (
            <View className='cp-field'>
              <Checkbox checked={acknowledged} onChange={setAcknowledged} data-testid='account-acknowledge'>{t('accounts.duplicate.acknowledge')}</Checkbox>
            </View>
          )}
          {field('province', t('accounts.province'), 'digit', t('accounts.regionHint'))}
          {field('city', t('accounts.city'), 'digit')}
          {field('district', t('accounts.district'), 'digit')}
          {field('address', t('accounts.address'))}
          <ChoiceField
            name='customerLevel'
            label={t('accounts.customerLevel')}
            value={form.values.customerLevel}
            onChange={(v) => form.set('customerLevel', v)}
            options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: t(`accounts.customerLevel.${l}`) }))}
          />
          {field('industry', t('accounts.industry'))}
          {!id && (
            <>
              {field('contactName', `${t('accounts.contacts')} · ${t('accounts.contact.name')}`)}
              {field('contactTitle', t('accounts.contact.title'))}
              {field('contactPhone', t('accounts.contact.phone'), 'tel')}
            </>
          )}
          {upstream && !id && pools.length > 0 && (
            <ChoiceField
              name='poolId'
              label={t('accounts.pools')}
              value={form.values.poolId}
              onChange={(v) => form.set('poolId', v)}
              options={[{ value: '', label: t('accounts.owner') }, ...pools.map((p) => ({ value: p.id, label: p.name }))]}
            />
          )}
          {field('notes', t('accounts.notes'))}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {duplicates.some((hit) => hit.disputable) && <Button fill='outline' block onClick={dispute}>{t('accounts.duplicate.dispute')}</Button>}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
