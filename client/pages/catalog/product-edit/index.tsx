import '../messages';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { PICTURE_MAX_BYTES, PICTURES_PER_PRODUCT, productInput, type Product } from '../../../../types/catalog';
import { fenToYuanText, yuanTextToFen } from '../../../../types/money';
import { pagePath } from '../../../../types/pages';
import { confirmAction } from '../../../components/confirmAction';
import { ChoiceField, FormActions, MultiChoiceField, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { KeptDraftNotice } from '../../../components/KeptDraftNotice';
import { useRecordDraft } from '../../../components/sales-drafts';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { pickFile } from '../../../platform/files';
import { goBack, ROUTES } from '../../../services/navigation';
import { catalogApi, type ProductView } from '../catalog-api';
import { ProductPicker } from '../ProductPicker';
import { useProductImages } from '../useProductImages';
import { checkForm, problemsByField, useSending } from '../../../components/useForm';

/** What the server takes (server/modules/catalog/images.ts); checked here so a large picture is not sent only to be refused. */

interface OptionDraft {
  /** Names the option within the draft while its key is being typed, so the exclusions naming it follow a new key. */
  ref: string;
  key: string;
  name: string;
  /** Yuan as typed, negative when the option takes off. */
  priceDelta: string;
  /** Refs of the options it cannot be chosen with. */
  excludes: string[];
}
interface GroupDraft {
  key: string;
  name: string;
  required: boolean;
  multiple: boolean;
  options: OptionDraft[];
}
interface BundleDraft {
  sku: string;
  minPerUnit: string;
  maxPerUnit: string;
}
interface ProductDraft {
  sku: string;
  name: string;
  category: string;
  unit: string;
  /** Yuan as typed. */
  basePrice: string;
  description: string;
  active: boolean;
  optionGroups: GroupDraft[];
  bundle: BundleDraft[];
  /** The saved product the draft started from (as a draft, in JSON): unsaved work on another version is not kept. */
  basis?: string;
}

const emptyDraft = (): ProductDraft => ({ sku: '', name: '', category: '', unit: '', basePrice: '', description: '', active: true, optionGroups: [], bundle: [] });

function draftOf(product: Product): ProductDraft {
  const refs = new Map(product.optionGroups.flatMap((g) => g.options).map((option, index) => [option.key, String(index)]));
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    unit: product.unit,
    basePrice: fenToYuanText(product.basePrice),
    description: product.description,
    active: product.active,
    optionGroups: product.optionGroups.map((group) => ({
      key: group.key,
      name: group.name,
      required: group.required,
      multiple: group.multiple,
      options: group.options.map((option) => ({
        ref: refs.get(option.key)!,
        key: option.key,
        name: option.name,
        priceDelta: option.priceDelta ? fenToYuanText(option.priceDelta) : '',
        excludes: option.excludes.flatMap((key) => refs.get(key) ?? []),
      })),
    })),
    bundle: product.bundle.map((item) => ({ sku: item.sku, minPerUnit: String(item.minPerUnit), maxPerUnit: String(item.maxPerUnit) })),
  };
}

const newOption = (draft: ProductDraft): OptionDraft => ({
  ref: String(Math.max(-1, ...draft.optionGroups.flatMap((g) => g.options.map((o) => Number(o.ref)))) + 1),
  key: '',
  name: '',
  priceDelta: '',
  excludes: [],
});

/** Yuan with an optional sign ("-500", "+1200.5"; blank is nothing) → fen; null when it is no such amount. */
function signedYuanTextToFen(text: string): number | null {
  if (!text.trim()) return 0;
  const [, sign, amount] = /^\s*([+-]?)(.*)$/.exec(text)!;
  const fen = yuanTextToFen(amount);
  return fen === null ? null : sign === '-' ? -fen : fen;
}

const wholeNumberOf = (text: string) => (/^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null);

/**
 * The draft as the request body, and what was typed that is not an amount or a count (by the body's field path; the
 * body carries 0 there so the schema still checks everything else).
 */
function toInput(draft: ProductDraft): { body: unknown; mistakes: Record<string, MessageKey> } {
  const mistakes: Record<string, MessageKey> = {};
  const keyOf = new Map(draft.optionGroups.flatMap((g) => g.options).map((option) => [option.ref, option.key.trim()]));
  const basePrice = yuanTextToFen(draft.basePrice);
  if (basePrice === null) mistakes.basePrice = 'catalog.product.amountInvalid';
  const body = {
    sku: draft.sku.trim(),
    name: draft.name.trim(),
    category: draft.category.trim(),
    unit: draft.unit.trim(),
    basePrice: basePrice ?? 0,
    description: draft.description.trim(),
    active: draft.active,
    optionGroups: draft.optionGroups.map((group, g) => ({
      key: group.key.trim(),
      name: group.name.trim(),
      required: group.required,
      multiple: group.multiple,
      options: group.options.map((option, o) => {
        const priceDelta = signedYuanTextToFen(option.priceDelta);
        if (priceDelta === null) mistakes[`optionGroups.${g}.options.${o}.priceDelta`] = 'catalog.product.option.priceDeltaInvalid';
        return { key: option.key.trim(), name: option.name.trim(), priceDelta: priceDelta ?? 0, excludes: option.excludes.flatMap((ref) => keyOf.get(ref) ?? []) };
      }),
    })),
    bundle: draft.bundle.map((item, b) => {
      const [minPerUnit, maxPerUnit] = [wholeNumberOf(item.minPerUnit), wholeNumberOf(item.maxPerUnit)];
      if (minPerUnit === null) mistakes[`bundle.${b}.minPerUnit`] = 'catalog.product.bundle.quantityInvalid';
      if (maxPerUnit === null) mistakes[`bundle.${b}.maxPerUnit`] = 'catalog.product.bundle.quantityInvalid';
      return { sku: item.sku, minPerUnit: minPerUnit ?? 0, maxPerUnit: maxPerUnit ?? 1 };
    }),
  };
  return { body, mistakes };
}

/**
 * A product at a desk: its SKU (fixed once created), name, category, unit, base price in yuan, description and whether
 * it is on sale; option groups with their options (price changes in yuan, which may take off, and the options each
 * cannot be chosen with); bundled products with their quantities per unit; and, once saved, its pictures. Unsaved
 * work is kept in a draft; mistakes are shown in place before anything is sent (with the server's own schema), and
 * the server's after.
 */
export default function ProductEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const record = useRecord(id, catalogApi.get);
  const draft = useRecordDraft<Product, ProductDraft>(`product-${id ?? 'new'}`, record.data, emptyDraft, {
    fromRecord: (product) => ({ ...draftOf(product), basis: JSON.stringify(draftOf(product)) }),
    basisOf: (product) => JSON.stringify(draftOf(product)),
    basisIn: (kept) => kept.basis,
  });
  const [categories, setCategories] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { sending: saving, formError, setFormError, send } = useSending(setErrors);
  useEffect(() => {
    catalogApi.categories().then(setCategories, () => setCategories([]));
  }, []);

  const { value } = draft;
  /** A change to the field at `path`: what was said about it no longer holds. */
  function change(path: string, next: (current: ProductDraft) => ProductDraft) {
    draft.update(next);
    setErrors((current) => (current[path] ? { ...current, [path]: '' } : current));
  }
  /** Groups, options or bundled items added or removed: what was said about them (by position) no longer holds. */
  function reshape(section: 'optionGroups' | 'bundle', next: (current: ProductDraft) => ProductDraft) {
    draft.update(next);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith(section))));
  }
  const set = <K extends keyof ProductDraft>(field: K, fieldValue: ProductDraft[K]) => change(field, (d) => ({ ...d, [field]: fieldValue }));
  const withGroup = (g: number, next: (group: GroupDraft) => GroupDraft) => (d: ProductDraft) => ({ ...d, optionGroups: d.optionGroups.map((group, i) => (i === g ? next(group) : group)) });
  const setGroup = (g: number, patch: Partial<GroupDraft>) => change(`optionGroups.${g}.${Object.keys(patch)[0]}`, withGroup(g, (group) => ({ ...group, ...patch })));
  const setOption = (g: number, o: number, patch: Partial<OptionDraft>) =>
    change(`optionGroups.${g}.options.${o}.${Object.keys(patch)[0]}`, withGroup(g, (group) => ({ ...group, options: group.options.map((option, i) => (i === o ? { ...option, ...patch } : option)) })));
  const setBundleItem = (b: number, patch: Partial<BundleDraft>) =>
    change(`bundle.${b}.${Object.keys(patch)[0]}`, (d) => ({ ...d, bundle: d.bundle.map((item, i) => (i === b ? { ...item, ...patch } : item)) }));
  function removeOption(g: number, o: number) {
    const { ref } = value.optionGroups[g].options[o];
    reshape('optionGroups', (d) => ({
      ...d,
      optionGroups: d.optionGroups.map((group, i) => ({
        ...group,
        options: group.options.filter((_, j) => i !== g || j !== o).map((option) => ({ ...option, excludes: option.excludes.filter((other) => other !== ref) })),
      })),
    }));
  }
  function removeGroup(g: number) {
    const refs = value.optionGroups[g].options.map((option) => option.ref);
    reshape('optionGroups', (d) => ({
      ...d,
      optionGroups: d.optionGroups
        .filter((_, i) => i !== g)
        .map((group) => ({ ...group, options: group.options.map((option) => ({ ...option, excludes: option.excludes.filter((other) => !refs.includes(other)) })) })),
    }));
  }

  async function save() {
    setFormError(null);
    const { body, mistakes } = toInput(value);
    const parsed = checkForm(productInput, body);
    if (!parsed.success || Object.keys(mistakes).length) {
      const schemaErrors = parsed.success ? {} : problemsByField(parsed);
      setErrors({ ...schemaErrors, ...Object.fromEntries(Object.entries(mistakes).map(([path, key]) => [path, t(key)])) });
      return;
    }
    setErrors({});
    await send(async () => {
      if (id) {
        await catalogApi.replace(id, parsed.data);
        draft.clear();
        goBack();
      } else {
        const created = await catalogApi.create(parsed.data);
        draft.clear();
        await Taro.redirectTo({ url: pagePath({ page: ROUTES.product, params: { id: created.id } }) });
      }
    });
  }

  if (record.error) return <PageContainer requires='catalog.manage'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  if (id && !record.data) return <PageContainer requires='catalog.manage'><LoadingView /></PageContainer>;
  const options = value.optionGroups.flatMap((group) =>
    group.options.filter((option) => option.name.trim() || option.key.trim()).map((option) => ({ value: option.ref, label: `${group.name || group.key} / ${option.name || option.key}` })),
  );
  const yesNo = [{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }];
  return (
    <PageContainer requires='catalog.manage' title={id ? t('catalog.edit') : t('catalog.create')}>
      <View data-testid='product-form'>
        {draft.outdated && <KeptDraftNotice message={t('catalog.draftOutdated')} dropLabel={t('catalog.dropDraft')} onDrop={draft.drop} />}
        <View className='cp-card'>
          <TextField name='sku' required label={t('catalog.product.sku')} value={value.sku} onChange={(v) => set('sku', v)} disabled={Boolean(id)} hint={id ? t('catalog.product.skuFixed') : undefined} error={errors.sku} />
          <TextField name='name' required label={t('catalog.product.name')} value={value.name} onChange={(v) => set('name', v)} error={errors.name} />
          <TextField name='category' required label={t('catalog.category')} value={value.category} onChange={(v) => set('category', v)} error={errors.category} />
          {categories.length > 0 && (
            <ChoiceField name='knownCategories' label={t('catalog.product.knownCategories')} value={value.category} onChange={(v) => set('category', v)} options={categories.map((c) => ({ value: c, label: c }))} />
          )}
          <View className='cp-row'>
            <TextField name='unit' required label={t('catalog.product.unit')} value={value.unit} onChange={(v) => set('unit', v)} error={errors.unit} />
            <TextField name='basePrice' required type='digit' label={t('catalog.product.basePrice')} value={value.basePrice} onChange={(v) => set('basePrice', v)} error={errors.basePrice} />
          </View>
          <TextField name='description' label={t('catalog.description')} value={value.description} onChange={(v) => set('description', v)} error={errors.description} />
          <ChoiceField name='active' label={t('catalog.product.active')} hint={t('catalog.product.activeHint')} value={value.active ? 'yes' : 'no'} onChange={(v) => set('active', v === 'yes')} options={yesNo} />
        </View>

        <View className='cp-card' data-testid='option-groups'>
          <Text className='cp-section__title'>{t('catalog.product.groups')}</Text>
          <Text className={errors.optionGroups ? 'cp-field__error' : 'cp-field__hint'}>{errors.optionGroups || t('catalog.product.groupsHint')}</Text>
          {value.optionGroups.map((group, g) => (
            <View key={g} className='cp-subcard' data-testid='option-group'>
              <View className='cp-row'>
                <TextField name={`optionGroups.${g}.key`} label={t('catalog.product.group.key')} value={group.key} onChange={(key) => setGroup(g, { key })} error={errors[`optionGroups.${g}.key`]} />
                <TextField name={`optionGroups.${g}.name`} label={t('catalog.product.group.name')} value={group.name} onChange={(name) => setGroup(g, { name })} error={errors[`optionGroups.${g}.name`]} />
              </View>
              <View className='cp-row'>
                <ChoiceField
                  name={`optionGroups.${g}.required`}
                  label={t('catalog.product.group.required')}
                  value={group.required ? 'yes' : 'no'}
                  onChange={(v) => setGroup(g, { required: v === 'yes' })}
                  options={[{ value: 'yes', label: t('catalog.group.required') }, { value: 'no', label: t('catalog.group.optional') }]}
                />
                <ChoiceField
                  name={`optionGroups.${g}.multiple`}
                  label={t('catalog.product.group.multiple')}
                  value={group.multiple ? 'yes' : 'no'}
                  onChange={(v) => setGroup(g, { multiple: v === 'yes' })}
                  options={[{ value: 'no', label: t('catalog.group.single') }, { value: 'yes', label: t('catalog.group.multiple') }]}
                />
              </View>
              {errors[`optionGroups.${g}.options`] && <Text className='cp-field__error'>{errors[`optionGroups.${g}.options`]}</Text>}
              {group.options.map((option, o) => {
                const path = `optionGroups.${g}.options.${o}`;
                const others = options.filter((other) => other.value !== option.ref);
                return (
                  <View key={option.ref} className='cp-subcard' data-testid='product-option'>
                    <View className='cp-row'>
                      <TextField name={`${path}.key`} label={t('catalog.product.option.key')} value={option.key} onChange={(key) => setOption(g, o, { key })} error={errors[`${path}.key`]} />
                      <TextField name={`${path}.name`} label={t('catalog.product.option.name')} value={option.name} onChange={(name) => setOption(g, o, { name })} error={errors[`${path}.name`]} />
                      <TextField name={`${path}.priceDelta`} label={t('catalog.product.option.priceDelta')} value={option.priceDelta} onChange={(priceDelta) => setOption(g, o, { priceDelta })} error={errors[`${path}.priceDelta`]} />
                    </View>
                    {others.length > 0 && (
                      <MultiChoiceField name={`${path}.excludes`} label={t('catalog.product.option.excludes')} values={option.excludes} onChange={(excludes) => setOption(g, o, { excludes })} options={others} error={errors[`${path}.excludes`]} />
                    )}
                    {group.options.length > 1 && <Text className='cp-link' onClick={() => removeOption(g, o)}>{t('catalog.remove')}</Text>}
                  </View>
                );
              })}
              <View className='cp-actions'>
                {group.options.length < 30 && (
                  <Button size='small' fill='outline' onClick={() => reshape('optionGroups', (d) => withGroup(g, (current) => ({ ...current, options: [...current.options, newOption(d)] }))(d))} data-testid='option-add'>
                    {t('catalog.product.option.add')}
                  </Button>
                )}
                <Button size='small' fill='none' onClick={() => removeGroup(g)}>{t('catalog.product.group.remove')}</Button>
              </View>
            </View>
          ))}
          {value.optionGroups.length < 10 && (
            <Button
              size='small'
              fill='outline'
              onClick={() => reshape('optionGroups', (d) => ({ ...d, optionGroups: [...d.optionGroups, { key: '', name: '', required: false, multiple: false, options: [newOption(d)] }] }))}
              data-testid='group-add'
            >
              {t('catalog.product.group.add')}
            </Button>
          )}
        </View>

        <View className='cp-card' data-testid='bundle'>
          <Text className='cp-section__title'>{t('catalog.bundle')}</Text>
          <Text className={errors.bundle ? 'cp-field__error' : 'cp-field__hint'}>{errors.bundle || t('catalog.product.bundleHint', { unit: value.unit })}</Text>
          {value.bundle.map((item, b) => (
            <View key={item.sku} className='cp-subcard' data-testid='bundle-item'>
              <View className='cp-step__head'>
                <Text className='cp-timeline__title'>{item.sku}</Text>
                <Text className='cp-link' onClick={() => reshape('bundle', (d) => ({ ...d, bundle: d.bundle.filter((_, i) => i !== b) }))}>{t('catalog.remove')}</Text>
              </View>
              <View className='cp-row'>
                <TextField name={`bundle.${b}.minPerUnit`} type='number' label={t('catalog.product.bundle.min')} value={item.minPerUnit} onChange={(minPerUnit) => setBundleItem(b, { minPerUnit })} error={errors[`bundle.${b}.minPerUnit`]} />
                <TextField name={`bundle.${b}.maxPerUnit`} type='number' label={t('catalog.product.bundle.max')} value={item.maxPerUnit} onChange={(maxPerUnit) => setBundleItem(b, { maxPerUnit })} error={errors[`bundle.${b}.maxPerUnit`]} />
              </View>
            </View>
          ))}
          {value.bundle.length < 20 && (
            <ProductPicker
              name='bundle'
              taken={(sku) => sku === value.sku.trim() || value.bundle.some((item) => item.sku === sku)}
              onPick={(product) => reshape('bundle', (d) => ({ ...d, bundle: [...d.bundle, { sku: product.sku, minPerUnit: '1', maxPerUnit: '1' }] }))}
            />
          )}
        </View>

        {record.data ? (
          <ProductPictures product={record.data} onChange={record.setData} />
        ) : (
          <Text className='cp-hint'>{t('catalog.product.picturesLater')}</Text>
        )}

        <View className='cp-pad'>
          <FormActions submitting={saving} onSubmit={save} error={formError} />
        </View>
      </View>
    </PageContainer>
  );
}

/** The product's pictures, added and removed at once (not with the form, which only replaces the product's fields). */
function ProductPictures({ product, onChange }: { product: ProductView; onChange: (product: ProductView) => void }) {
  const { t } = useI18n();
  const images = useProductImages(product);
  const [adding, setAdding] = useState(false);

  async function add() {
    try {
      const file = await pickFile('image');
      if (file.size > PICTURE_MAX_BYTES) return void Taro.showToast({ title: t('catalog.product.pictureTooBig'), icon: 'none' });
      setAdding(true);
      onChange(await catalogApi.addImage(product.id, file));
    } catch (error) {
      toastError(error);
    } finally {
      setAdding(false);
    }
  }

  return (
    <View className='cp-card' data-testid='product-pictures'>
      <Text className='cp-section__title'>{t('catalog.product.pictures', { max: PICTURES_PER_PRODUCT })}</Text>
      <View className='cp-choices'>
        {images.map(({ imageId, source }) => (
          <View key={imageId} data-testid='product-picture'>
            <Image className='cp-thumb' src={source} mode='aspectFill' />
            <Text
              className='cp-link'
              onClick={() => void confirmAction(t('catalog.product.pictureRemove'), t('catalog.product.pictureRemoveConfirm'), async () => onChange(await catalogApi.removeImage(product.id, imageId)))}
            >
              {t('catalog.remove')}
            </Text>
          </View>
        ))}
      </View>
      {product.imageIds.length < PICTURES_PER_PRODUCT && (
        <Button size='small' fill='outline' loading={adding} onClick={add} data-testid='picture-add'>{t('catalog.product.pictureAdd')}</Button>
      )}
      <Text className='cp-field__hint'>{t('catalog.product.picturesHint')}</Text>
    </View>
  );
}
