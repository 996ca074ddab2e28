import '../messages';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { accountSettingsInput, DUPLICATE_FIELDS, MASKABLE_FIELDS, type AccountSettingsInput, type DuplicateRule } from '../../../../types/accounts';
import { ChoiceField, FormActions, MultiChoiceField, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { describeError } from '../../../components/StateViews';
import { useI18n } from '../../../i18n';
import { ApiError } from '../../../services/http-client';
import { accountsApi } from '../accounts-api';
import { checkForm, problemsByField } from '../../../components/useForm';

type Settings = Omit<AccountSettingsInput, 'duplicateRules'> & { duplicateRules: DuplicateRule[] };
const newRule = (): DuplicateRule => ({ name: '', enabled: true, conditions: [{ field: 'name', match: 'exact', threshold: 0.8 }], combine: 'or', outcome: 'warn' });

/**
 * The upstream's account rules at a desk: duplicate rules (fields, exact or similar, AND/OR, warn or block), what a
 * masked duplicate answer shows, how long a report stays protected, and whether won accounts count against limits.
 */
export default function AccountSettingsPage() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // What is typed into the likeness fields, kept as text: "0." on the way to "0.85" is not a number yet.
  const [thresholds, setThresholds] = useState<Record<string, string>>({});
  const load = () => accountsApi.settings().then(({ updatedAt: _, ...rest }) => setSettings(rest), setLoadError);
  useEffect(() => void load(), []);

  const change = (next: Partial<Settings>) => setSettings((current) => (current ? { ...current, ...next } : current));
  const changeRule = (index: number, next: Partial<DuplicateRule>) =>
    change({ duplicateRules: settings!.duplicateRules.map((rule, i) => (i === index ? { ...rule, ...next } : rule)) });

  async function save() {
    setFormError(null);
    const parsed = checkForm(accountSettingsInput, settings);
    if (!parsed.success) return setErrors(problemsByField(parsed));
    setErrors({});
    setSaving(true);
    try {
      const { updatedAt: _, ...saved } = await accountsApi.saveSettings(parsed.data);
      setSettings(saved);
      void Taro.showToast({ title: t('accounts.settings.saved'), icon: 'success' });
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) setErrors(error.fieldErrors());
      setFormError(describeError(error));
    } finally {
      setSaving(false);
    }
  }

  if (loadError) return <PageContainer requires='accountSettings.configure'><ErrorView error={loadError} onRetry={load} /></PageContainer>;
  if (!settings) return <PageContainer requires='accountSettings.configure'><LoadingView /></PageContainer>;
  const yesNo = [{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }];
  return (
    <PageContainer requires='accountSettings.configure' title={t('accounts.settings')}>
      <View data-testid='account-settings'>
        <View className='cp-section'><Text className='cp-section__title'>{t('accounts.settings.rules')}</Text></View>
        {settings.duplicateRules.map((rule, index) => (
          <View key={index} className='cp-card' data-testid='duplicate-rule'>
            <TextField name={`rule-${index}-name`} label={t('accounts.settings.rule.name')} value={rule.name} onChange={(name) => changeRule(index, { name })} error={errors[`duplicateRules.${index}.name`]} />
            <ChoiceField name={`rule-${index}-enabled`} label={t('accounts.settings.rule.enabled')} value={rule.enabled ? 'yes' : 'no'} onChange={(v) => changeRule(index, { enabled: v === 'yes' })} options={yesNo} />
            {rule.conditions.map((condition, c) => {
              const setCondition = (next: Partial<typeof condition>) => changeRule(index, { conditions: rule.conditions.map((x, i) => (i === c ? { ...x, ...next } : x)) });
              return (
                <View key={c} className='cp-subcard'>
                  <ChoiceField name={`rule-${index}-${c}-field`} label={t('accounts.settings.rule.field')} value={condition.field} onChange={(field) => setCondition({ field: field as typeof condition.field, match: field === 'name' ? condition.match : 'exact' })} options={DUPLICATE_FIELDS.map((f) => ({ value: f, label: t(`accounts.matchedOn.${f}`) }))} />
                  <ChoiceField
                    name={`rule-${index}-${c}-match`}
                    label={t('accounts.settings.rule.match')}
                    value={condition.match}
                    onChange={(match) => setCondition({ match: match as typeof condition.match })}
                    options={(condition.field === 'name' ? (['exact', 'fuzzy'] as const) : (['exact'] as const)).map((m) => ({ value: m, label: t(`accounts.settings.rule.match.${m}`) }))}
                    error={errors[`duplicateRules.${index}.conditions.${c}.match`]}
                  />
                  {condition.match === 'fuzzy' && (
                    <TextField
                      name={`rule-${index}-${c}-threshold`}
                      type='digit'
                      label={t('accounts.settings.rule.threshold')}
                      value={thresholds[`${index}-${c}`] ?? String(condition.threshold)}
                      onChange={(v) => {
                        setThresholds((current) => ({ ...current, [`${index}-${c}`]: v }));
                        setCondition({ threshold: Number(v) });
                      }}
                      error={errors[`duplicateRules.${index}.conditions.${c}.threshold`]}
                    />
                  )}
                </View>
              );
            })}
            {rule.conditions.length < 3 && <Text className='cp-link' onClick={() => changeRule(index, { conditions: [...rule.conditions, { field: 'phone', match: 'exact', threshold: 1 }] })}>{t('accounts.settings.rule.addCondition')}</Text>}
            {rule.conditions.length > 1 && (
              <ChoiceField name={`rule-${index}-combine`} label={t('accounts.settings.rule.combine')} value={rule.combine} onChange={(v) => changeRule(index, { combine: v as DuplicateRule['combine'] })} options={(['and', 'or'] as const).map((v) => ({ value: v, label: t(`accounts.settings.rule.combine.${v}`) }))} />
            )}
            <ChoiceField name={`rule-${index}-outcome`} label={t('accounts.settings.rule.outcome')} value={rule.outcome} onChange={(v) => changeRule(index, { outcome: v as DuplicateRule['outcome'] })} options={(['warn', 'block'] as const).map((v) => ({ value: v, label: t(`accounts.settings.rule.outcome.${v}`) }))} />
            <Text className='cp-link' onClick={() => {
              setThresholds({});
              change({ duplicateRules: settings.duplicateRules.filter((_, i) => i !== index) });
            }}>{t('accounts.settings.rule.remove')}</Text>
          </View>
        ))}
        {settings.duplicateRules.length < 10 && (
          <View className='cp-toolbar'><Button size='small' fill='outline' onClick={() => change({ duplicateRules: [...settings.duplicateRules, newRule()] })} data-testid='rule-add'>{t('accounts.settings.rule.add')}</Button></View>
        )}
        <View className='cp-card'>
          <MultiChoiceField name='visibleFields' label={t('accounts.settings.visibleFields')} values={settings.visibleFields} onChange={(values) => change({ visibleFields: values as Settings['visibleFields'] })} options={MASKABLE_FIELDS.map((f) => ({ value: f, label: t(`accounts.settings.field.${f}`) }))} />
          <TextField name='protectionDays' type='digit' label={t('accounts.settings.protectionDays')} value={settings.protectionDays === null ? '' : String(settings.protectionDays)} onChange={(v) => change({ protectionDays: v.trim() === '' ? null : Number(v) })} error={errors.protectionDays} />
          <ChoiceField name='wonCounts' label={t('accounts.settings.wonCounts')} value={settings.wonCounts ? 'yes' : 'no'} onChange={(v) => change({ wonCounts: v === 'yes' })} options={yesNo} />
          <FormActions submitting={saving} onSubmit={save} error={formError} />
        </View>
      </View>
    </PageContainer>
  );
}
