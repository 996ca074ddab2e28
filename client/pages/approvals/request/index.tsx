import '../messages';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { generalRequestInput, resubmitBody, type Approval } from '../../../../types/approvals';
import { fenToYuanText, yuanTextToFen } from '../../../../types/money';
import { pagePath } from '../../../../types/pages';
import { FormActions, RequiredFields, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView } from '../../../components/StateViews';
import { optionalText, useForm, type FormValues } from '../../../components/useForm';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { ROUTES } from '../../../services/navigation';
import { approvalsApi } from '../approvals-api';

const toValues = (approval: Approval | null): FormValues => ({
  title: approval?.title ?? '',
  content: approval?.content ?? '',
  amount: typeof approval?.facts.amount === 'number' ? fenToYuanText(approval.facts.amount) : '',
  comment: '',
});

/** Amounts are typed in yuan and sent in fen; a malformed amount fails validation on that field. */
const amountOf = (text: string) => (optionalText(text) === undefined ? undefined : (yuanTextToFen(text) ?? Number.NaN));

/** A general request to the upstream; with `id`, the same form resubmits a returned one with changes. */
export default function ApprovalRequestPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const record = useRecord(id, approvalsApi.get);
  const form = useForm({
    initial: toValues(record.data),
    schema: id ? resubmitBody : generalRequestInput,
    draftKey: id ? undefined : 'approval-request',
    toBody: (v) => ({
      title: v.title.trim(),
      content: v.content.trim(),
      amount: amountOf(v.amount),
      ...(id ? { comment: v.comment.trim() } : {}),
    }),
  });

  async function submit() {
    let saved: Approval | undefined;
    const ok = await form.submit(async (body) => {
      saved = id ? await approvalsApi.resubmit(id, body) : await approvalsApi.request(body as Parameters<typeof approvalsApi.request>[0]);
    });
    if (!ok || !saved) return;
    // The toast after the redirect: shown on the page being left, it would go with it.
    await Taro.redirectTo({ url: pagePath({ page: ROUTES.approval, params: { id: saved.id } }) });
    void Taro.showToast({ title: t('approvals.submitted'), icon: 'success' });
  }

  if (record.error) return <PageContainer requires='approvals.use'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  return (
    <RequiredFields.Provider value={form.required}>
      <PageContainer requires='approvals.use' title={id ? t('approvals.action.resubmit') : t('approvals.request')}>
        <View className='cp-card' data-testid='approval-form'>
          <TextField name='title' label={t('approvals.requestTitle')} value={form.values.title} onChange={(v) => form.set('title', v)} error={form.errors.title} />
          <TextField name='content' label={t('approvals.requestContent')} value={form.values.content} onChange={(v) => form.set('content', v)} error={form.errors.content} />
          <TextField name='amount' type='digit' label={t('approvals.amount')} value={form.values.amount} onChange={(v) => form.set('amount', v)} error={form.errors.amount} />
          {id && <TextField name='comment' label={t('approvals.commentOptional')} value={form.values.comment} onChange={(v) => form.set('comment', v)} error={form.errors.comment} />}
          <FormActions submitting={form.submitting} onSubmit={submit} error={form.formError} />
        </View>
      </PageContainer>
    </RequiredFields.Provider>
  );
}

