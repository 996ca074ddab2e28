import '../messages';
import { Image, Text, View } from '@tarojs/components';
import { Button, Cell, Tag } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { LineInput, OptionGroup } from '../../../../types/catalog';
import { formatFen } from '../../../../types/money';
import { Field, TextField } from '../../../components/Fields';
import { LineFigures, LineTitle, optionLabel } from '../../../components/PricedLines';
import { PageContainer } from '../../../components/PageContainer';
import {
  addToQuoteDraft, emptyOrderDraft, ORDER_DRAFT_KEY, quantityOf, quoteDraftKey, readDraft, writeDraft, type LineDraft, type OrderDraft,
} from '../../../components/sales-drafts';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { lineProblems } from '../../../components/rule-problems';
import { pricingErrorText, usePricing } from '../../../components/usePricing';
import { useRecord } from '../../../components/useRecord';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { catalogApi, type ProductView } from '../catalog-api';
import { useProductImages } from '../useProductImages';

/** Chosen option keys by group key. */
type Choices = Record<string, string[]>;

/** Every required group starts on its first option, so the product shows a price before anything is tapped. */
const firstChoices = (product: ProductView): Choices =>
  Object.fromEntries(product.optionGroups.filter((g) => g.required).map((g) => [g.key, [g.options[0].key]]));

/**
 * The chosen option that rules `candidate` out (either of the two may name the other), leaving aside the option of
 * the same single-choice group that choosing it would replace.
 */
function conflictOf(product: ProductView, choices: Choices, group: OptionGroup, candidate: string) {
  const option = group.options.find((o) => o.key === candidate)!;
  for (const other of product.optionGroups) {
    if (other.key === group.key && !group.multiple) continue;
    for (const chosen of other.options.filter((o) => (choices[other.key] ?? []).includes(o.key))) {
      if (option.excludes.includes(chosen.key) || chosen.excludes.includes(option.key)) return chosen;
    }
  }
  return null;
}

/**
 * One product: pictures, description, bundled products and the configurator. Each option group says whether it is
 * required and how many may be chosen; options that rule each other out cannot both be chosen (tapping one says
 * why). The server prices the configuration live, with the bundle's least quantities, and names the rule of anything
 * it refuses. The configured lines go to the quote builder's draft or to a new order.
 */
export default function ProductDetailPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const { id, forQuote } = useRouter().params;
  const { data: product, error, reload } = useRecord(id, catalogApi.get);
  const [choices, setChoices] = useState<Choices>({});
  const [quantity, setQuantity] = useState('1');
  const [refused, setRefused] = useState<{ group: string; text: string } | null>(null);
  useEffect(() => {
    if (product) setChoices(firstChoices(product));
  }, [product?.id]);

  const count = quantityOf({ quantity });
  const lines: LineInput[] | null =
    product && count !== null
      ? [
          { sku: product.sku, quantity: count, options: Object.fromEntries(Object.entries(choices).filter(([, keys]) => keys.length)) },
          ...product.bundle.filter((item) => item.minPerUnit > 0).map((item) => ({ sku: item.sku, quantity: item.minPerUnit * count, options: {} })),
        ]
      : null;
  const { priced, error: pricingError, pricing } = usePricing('normal', lines);

  function toggle(group: OptionGroup, optionKey: string) {
    if (!product) return;
    const chosen = choices[group.key] ?? [];
    setRefused(null);
    if (chosen.includes(optionKey)) {
      // A required single choice changes by tapping another option, never to nothing.
      if (!group.multiple && group.required) return;
      setChoices({ ...choices, [group.key]: chosen.filter((key) => key !== optionKey) });
      return;
    }
    const conflict = conflictOf(product, choices, group, optionKey);
    if (conflict) {
      const option = group.options.find((o) => o.key === optionKey)!;
      setRefused({ group: group.key, text: t('catalog.excluded', { option: option.name, other: conflict.name }) });
      return;
    }
    setChoices({ ...choices, [group.key]: group.multiple ? [...chosen, optionKey] : [optionKey] });
  }

  const lineDrafts = (): LineDraft[] =>
    (priced ?? []).map((line) => ({
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      options: line.options.map(({ group, option, name }) => ({ group, option, name })),
      quantity: String(line.quantity),
      discount: '',
    }));

  function addToQuote() {
    addToQuoteDraft(quoteDraftKey(forQuote), lineDrafts());
    void Taro.showToast({ title: t('catalog.added'), icon: 'success' });
    // Back to the builder that opened the catalog (builder → list → this page); otherwise open that builder.
    if (forQuote && Taro.getCurrentPages().length > 2) void Taro.navigateBack({ delta: 2 });
    else goTo('quoteEdit', { id: forQuote === 'new' ? undefined : forQuote });
  }

  function orderNow() {
    const draft = readDraft<OrderDraft>(ORDER_DRAFT_KEY) ?? emptyOrderDraft();
    // A new order of this configuration (the customer chosen last time stays); an order whose sending is still
    // unresolved is not replaced: its page asks to settle it first.
    if (!draft.pending) writeDraft<OrderDraft>(ORDER_DRAFT_KEY, { ...draft, lines: lineDrafts() });
    goTo('orderNew');
  }

  if (error) return <PageContainer requires='catalog.read'><ErrorView error={error} onRetry={reload} /></PageContainer>;
  if (!product) return <PageContainer requires='catalog.read'><LoadingView /></PageContainer>;
  const names = new Map(product.optionGroups.flatMap((g) => [[g.key, g.name] as const, ...g.options.map((o) => [o.key, o.name] as const)]));
  const problems = lineProblems(pricingError, (key) => names.get(key) ?? key);
  const pricingFailed = pricingError !== null && !Object.keys(problems).length;
  return (
    <PageContainer requires='catalog.read' title={product.name}>
      <View data-testid='product-detail'>
        {can('catalog.manage') && (
          <View className='cp-toolbar'>
            <Button size='small' fill='outline' onClick={() => goTo('productEdit', { id: product.id })} data-testid='product-edit'>{t('catalog.edit')}</Button>
          </View>
        )}
        <ProductImages product={product} />
        <Cell.Group>
          <Cell title={product.active ? product.name : `${product.name} · ${t('catalog.inactive')}`} description={product.sku} extra={product.category} />
          <Cell title={t('catalog.basePrice', { price: formatFen(product.basePrice), unit: product.unit })} />
          {product.description && <Cell title={t('catalog.description')} description={product.description} />}
          {product.bundle.length > 0 && (
            <Cell
              title={t('catalog.bundle')}
              description={product.bundle.map((item) => t('catalog.bundleItem', { sku: item.sku, unit: product.unit, min: item.minPerUnit, max: item.maxPerUnit })).join('；')}
            />
          )}
        </Cell.Group>

        <View className='cp-card' data-testid='configurator'>
          {product.optionGroups.map((group) => (
            <Field
              key={group.key}
              name={`group-${group.key}`}
              label={`${group.name}（${t(group.required ? 'catalog.group.required' : 'catalog.group.optional')} · ${t(group.multiple ? 'catalog.group.multiple' : 'catalog.group.single')}）`}
              error={refused?.group === group.key ? refused.text : undefined}
            >
              <View className='cp-choices'>
                {group.options.map((option) => {
                  const on = (choices[group.key] ?? []).includes(option.key);
                  const ruledOut = !on && conflictOf(product, choices, group, option.key) !== null;
                  return (
                    <View key={option.key} data-option={option.key} data-chosen={on} data-ruled-out={ruledOut} onClick={() => toggle(group, option.key)}>
                      <Tag className='cp-choice' type={on ? 'primary' : 'default'} plain={!on} style={ruledOut ? { opacity: 0.4 } : undefined}>
                        {optionLabel(option)}
                      </Tag>
                    </View>
                  );
                })}
              </View>
            </Field>
          ))}
          <TextField name='quantity' type='number' label={`${t('sales.quantity')}（${product.unit}）`} value={quantity} onChange={setQuantity} error={count === null ? t('sales.quantityInvalid') : undefined} />
          {(problems[0] ?? []).map((text) => <Text key={text} className='cp-field__error' data-testid='rule-problem'>{text}</Text>)}
        </View>

        <View className='cp-card' data-testid='product-price'>
          <Text className='cp-section__title'>{t('catalog.price')}</Text>
          {pricing && <Text className='cp-muted'>{t('sales.pricing')}</Text>}
          {pricingFailed && <Text className='cp-field__error' data-testid='pricing-error'>{pricingErrorText(pricingError)}</Text>}
          {!pricing && priced?.map((line, index) => (
            <View key={index} className='cp-card__section'>
              <LineTitle line={line} quantity={line.quantity} />
              <LineFigures line={line} />
            </View>
          ))}
          {!pricing && priced && <Text className='cp-timeline__title' data-testid='net-total'>{`${t('sales.netTotal')} ${formatFen(priced.reduce((sum, line) => sum + line.total, 0))}`}</Text>}
          {Object.entries(problems).filter(([index]) => index !== '0').flatMap(([, texts]) => texts).map((text) => <Text key={text} className='cp-field__error' data-testid='rule-problem'>{text}</Text>)}
          {product.bundle.length > 0 && <Text className='cp-muted'>{t('catalog.bundleAdded')}</Text>}
          <Text className='cp-hint'>{t('catalog.priceHint')}</Text>
        </View>

        <View className='cp-actions'>
          <Button type='primary' disabled={!priced || pricing} onClick={addToQuote} data-testid='add-to-quote'>{t('catalog.addToQuote')}</Button>
          <Button fill='outline' disabled={!priced || pricing} onClick={orderNow} data-testid='order-now'>{t('catalog.orderNow')}</Button>
        </View>
      </View>
    </PageContainer>
  );
}

/** The product's pictures (nothing while they load, or when none can be fetched). */
function ProductImages({ product }: { product: ProductView }) {
  const images = useProductImages(product);
  if (!images.length) return null;
  return (
    <View className='cp-card' data-testid='product-images'>
      {images.map(({ imageId, source }) => <Image key={imageId} src={source} mode='widthFix' style={{ width: '100%' }} />)}
    </View>
  );
}
