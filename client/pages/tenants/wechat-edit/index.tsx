import '../messages';
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { NOTICE_KINDS, wechatAppId, wechatAppInput, type WechatApp } from '../../../../types/wechat';
import { ChoiceField, FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { confirmAction } from '../../../components/confirmAction';
import { optionalText, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { goBack } from '../../../services/navigation';
import { tenantsApi } from '../tenants-api';

const formSchema = wechatAppInput.extend({ appId: wechatAppId });

function toValues(app: WechatApp | null, kind: string, appId: string): FormValues {
  return {
    appId,
    kind: app?.kind ?? kind,
    name: app?.name ?? '',
    appSecret: '',
    token: '',
    encodingAESKey: '',
    messageMode: app?.messageMode ?? 'plain',
    ...Object.fromEntries(NOTICE_KINDS.map((notice) => [`templates.${notice}`, app?.templates[notice] ?? ''])),
  };
}

/** Binds or changes one app. Secrets are write-only: a stored one shows as set and is kept unless replaced. */
export default function WechatAppEditPage() {
  const { t } = useI18n();
  const params = useRouter().params;
  const editing = params.appId;
  const record = useRecord(editing, async (appId) => (await tenantsApi.wechatApps()).find((app) => app.appId === appId) ?? Promise.reject(new Error(t('common.empty'))));
  const app = record.data;
  const kind = app?.kind ?? (params.kind === 'mini' ? 'mini' : 'official');
  const form = useForm({
    initial: toValues(app, kind, editing ?? ''),
    schema: formSchema,
    draftKey: editing ? undefined : `wechat-${kind}`,
    toBody: (v) => ({
      appId: v.appId.trim(),
      kind: v.kind,
      name: v.name.trim(),
      appSecret: optionalText(v.appSecret),
      ...(v.kind === 'official' ? { token: optionalText(v.token), encodingAESKey: optionalText(v.encodingAESKey), messageMode: v.messageMode } : {}),
      templates: Object.fromEntries(NOTICE_KINDS.map((notice) => [notice, optionalText(v[`templates.${notice}`])]).filter(([, id]) => id)),
    }),
  });

  async function submit() {
    const ok = await form.submit(({ appId, ...body }) => tenantsApi.putWechatApp(appId, body));
    if (ok) goBack();
  }

  async function unbind() {
    if (editing && (await confirmAction(t('wechat.unbind'), t('wechat.unbindConfirm'), () => tenantsApi.removeWechatApp(editing)))) goBack();
  }

  const secretHint = (set: boolean | undefined) => (set ? t('wechat.secretKept') : undefined);
  const field = (name: string, label: MessageKey, options: { secret?: boolean; hint?: string; disabled?: boolean } = {}) => (
    <TextField name={name} label={t(label)} type={options.secret ? 'password' : 'text'} hint={options.hint} disabled={options.disabled} value={form.values[name]} onChange={(v) => form.set(name, v)} error={form.errors[name]} />
  );

  if (record.error) return <PageContainer requires='wechat.manage'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='wechat.manage' title={t(`wechat.kind.${kind}`)}>
        <View className='cp-card' data-testid='wechat-form'>
          {field('appId', 'wechat.appId', { disabled: Boolean(editing) })}
          {field('name', 'wechat.name')}
          {field('appSecret', 'wechat.appSecret', { secret: true, hint: secretHint(app?.appSecretSet) })}
          {kind === 'official' && (
            <>
              {field('token', 'wechat.token', { secret: true, hint: secretHint(app?.tokenSet) })}
              <ChoiceField
                name='messageMode'
                label={t('wechat.messageMode')}
                value={form.values.messageMode}
                onChange={(v) => form.set('messageMode', v)}
                options={[{ value: 'plain', label: t('wechat.mode.plain') }, { value: 'safe', label: t('wechat.mode.safe') }]}
              />
              {field('encodingAESKey', 'wechat.encodingAESKey', { secret: true, hint: secretHint(app?.encodingAESKeySet) })}
              {app?.callbackPath && <View className='cp-hint'>{`${t('wechat.callback')}: ${app.callbackPath}`}</View>}
            </>
          )}
          <View className='cp-section__title'>{t('wechat.templates')}</View>
          {NOTICE_KINDS.map((notice) => (
            <View key={notice}>{field(`templates.${notice}`, `wechat.template.${notice}` as MessageKey)}</View>
          ))}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
          {editing && <Button block type='danger' fill='none' onClick={unbind}>{t('wechat.unbind')}</Button>}
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}
