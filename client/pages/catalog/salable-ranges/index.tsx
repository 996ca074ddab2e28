import '../messages';
import { Text, View } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { Level } from '../../../../types/partners';
import { confirmAction } from '../../../components/confirmAction';
import { FormActions, MultiChoiceField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { describeError, EmptyView, ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { ApiError } from '../../../services/http-client';
import { catalogApi, type SalableRange } from '../catalog-api';
import { ProductPicker } from '../ProductPicker';

/**
 * What each partner level may sell, saved level by level: the categories, and SKUs besides them. A level without a
 * range may sell every product on sale; one with a range, only what it names (nothing, when it names nothing).
 */
export default function SalableRangesPage() {
  const { t } = useI18n();
  const { data, error, reload } = useRecord('all', () => Promise.all([api.levels.list(), catalogApi.salableRanges(), catalogApi.categories()]));

  let body;
  if (error) body = <ErrorView error={error} onRetry={reload} />;
  else if (!data) body = <LoadingView />;
  else if (!data[0].length) body = <EmptyView />;
  else {
    const [levels, ranges, categories] = data;
    body = levels.map((level) => {
      const range = ranges.find((saved) => saved.levelId === level.id) ?? null;
      // Keyed by what is saved: when the page loads again (shown again), each level starts over from that.
      return <LevelRange key={`${level.id}:${JSON.stringify(range)}`} level={level} range={range} categories={categories} />;
    });
  }
  return (
    <PageContainer requires='catalog.manage' title={t('catalog.ranges')}>
      <View data-testid='salable-ranges-page'>
        <Text className='cp-hint'>{t('catalog.ranges.hint')}</Text>
        {body}
      </View>
    </PageContainer>
  );
}

function LevelRange({ level, range, categories }: { level: Level; range: SalableRange | null; categories: string[] }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(range);
  const [chosen, setChosen] = useState({ categories: range?.categories ?? [], skus: range?.skus ?? [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function choose(next: Partial<typeof chosen>) {
    setChosen((current) => ({ ...current, ...next }));
    setErrors({});
  }
  async function send() {
    setSaved(await catalogApi.setSalableRange({ levelId: level.id, ...chosen }));
    void Taro.showToast({ title: t('common.saved'), icon: 'success' });
  }
  async function save() {
    setFormError(null);
    // Naming nothing is allowed but means the level may sell nothing (not everything): asked first. With nothing
    // named there is no field the server could refuse, so a failure is only said.
    if (!chosen.categories.length && !chosen.skus.length) return void confirmAction(level.name, t('catalog.ranges.nothingConfirm'), send);
    setSaving(true);
    try {
      await send();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) setErrors(error.fieldErrors());
      setFormError(describeError(error));
    } finally {
      setSaving(false);
    }
  }

  async function removeRange() {
    await catalogApi.removeSalableRange(level.id);
    setSaved(null);
    setChosen({ categories: [], skus: [] });
    void Taro.showToast({ title: t('common.saved'), icon: 'success' });
  }

  const status = !saved ? t('catalog.ranges.unlimited') : !saved.categories.length && !saved.skus.length ? t('catalog.ranges.nothing') : t('catalog.ranges.limited');
  // A category the range names may no longer have products; it stays choosable until it is taken off.
  const categoryOptions = [...new Set([...categories, ...chosen.categories])].map((category) => ({ value: category, label: category }));
  return (
    <View className='cp-card' data-testid='salable-range' data-level={level.name}>
      <View className='cp-step__head'>
        <Text className='cp-section__title'>{level.name}</Text>
        <Text className='cp-muted' data-testid='range-status'>{status}</Text>
      </View>
      <MultiChoiceField name={`categories-${level.id}`} label={t('catalog.ranges.categories')} values={chosen.categories} onChange={(values) => choose({ categories: values })} options={categoryOptions} error={errors.categories} />
      <View className='cp-field' data-field={`skus-${level.id}`}>
        <Text className='cp-field__label'>{t('catalog.ranges.skus')}</Text>
        <View className='cp-choices'>
          {chosen.skus.map((sku) => (
            <Tag key={sku} className='cp-choice' type='primary' onClick={() => choose({ skus: chosen.skus.filter((other) => other !== sku) })}>{`${sku} ×`}</Tag>
          ))}
        </View>
        {errors.skus && <Text className='cp-field__error'>{errors.skus}</Text>}
        <ProductPicker name={`skus-${level.id}`} taken={(sku) => chosen.skus.includes(sku)} onPick={(product) => choose({ skus: [...chosen.skus, product.sku] })} />
      </View>
      <FormActions submitting={saving} onSubmit={save} error={formError} />
      {saved && (
        <Text className='cp-link' data-testid='range-remove' onClick={() => void confirmAction(level.name, t('catalog.ranges.removeConfirm'), removeRange)}>
          {t('catalog.ranges.remove')}
        </Text>
      )}
    </View>
  );
}
