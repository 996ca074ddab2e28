import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Input, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CUSTOMER_LEVELS, type CustomerLevel } from '../../../../types/accounts';
import { priceListInput } from '../../../../types/catalog';
import { fenToYuanText, yuanTextToFen } from '../../../../types/money';
import { Choices, FormActions, MultiChoiceField, TextField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { DateField } from '../../../components/DateField';
import { KeptDraftNotice } from '../../../components/KeptDraftNotice';
import { useRecordDraft } from '../../../components/sales-drafts';
import { chinaDayIn } from '../../../services/calendar';
import { ErrorView, LoadingView } from '../../../components/StateViews';
import { useRecord } from '../../../components/useRecord';
import { useI18n, type MessageKey } from '../../../i18n';
import { bpToPercentText, percentTextToBp } from '../../../services/basis-points';
import { goBack } from '../../../services/navigation';
import { useLevels } from '../../../services/reference';
import { catalogApi, type PriceListView } from '../catalog-api';
import { ProductPicker } from '../ProductPicker';
import { checkForm, problemsByField, useSending } from '../../../components/useForm';

/** Entry rows drawn at once: a list may price 5,000 products, which as form rows would stall a phone. */
const ENTRIES_PER_PAGE = 50;

interface EntryDraft {
  sku: string;
  by: 'price' | 'discount';
  /** Yuan, or a percentage, as typed. */
  amount: string;
}
interface PriceListDraft {
  name: string;
  priority: string;
  partnerLevelIds: string[];
  customerLevels: CustomerLevel[];
  validFrom: string;
  validUntil: string;
  entries: EntryDraft[];
  /** The saved version the draft started from; none for a new list. */
  updatedAt?: string;
}

const emptyDraft = (): PriceListDraft => ({ name: '', priority: '0', partnerLevelIds: [], customerLevels: [], validFrom: chinaDayIn(0), validUntil: '', entries: [] });

const draftOf = (list: PriceListView): PriceListDraft => ({
  name: list.name,
  priority: String(list.priority),
  partnerLevelIds: list.partnerLevelIds,
  customerLevels: list.customerLevels,
  validFrom: list.validFrom,
  validUntil: list.validUntil ?? '',
  entries: list.entries.map((entry) =>
    entry.price !== undefined ? { sku: entry.sku, by: 'price', amount: fenToYuanText(entry.price) } : { sku: entry.sku, by: 'discount', amount: bpToPercentText(entry.discountBp ?? 0) },
  ),
  updatedAt: list.updatedAt,
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The draft as the request body, and what was typed that is not a number or a date (by the body's field path; the
 * body carries 0 there so the schema still checks everything else).
 */
function toInput(draft: PriceListDraft): { body: unknown; mistakes: Record<string, MessageKey> } {
  const mistakes: Record<string, MessageKey> = {};
  const priority = /^\s*\d{1,4}\s*$/.test(draft.priority) ? Number(draft.priority) : null;
  if (priority === null) mistakes.priority = 'catalog.priceLists.priorityInvalid';
  const [validFrom, validUntil] = [draft.validFrom.trim(), draft.validUntil.trim()];
  if (!DAY.test(validFrom)) mistakes.validFrom = 'catalog.priceLists.dateInvalid';
  if (validUntil && !DAY.test(validUntil)) mistakes.validUntil = 'catalog.priceLists.dateInvalid';
  const entries = draft.entries.map((entry, index) => {
    if (entry.by === 'price') {
      const price = yuanTextToFen(entry.amount);
      if (price === null) mistakes[`entries.${index}.price`] = 'catalog.product.amountInvalid';
      return { sku: entry.sku, price: price ?? 0 };
    }
    const discountBp = percentTextToBp(entry.amount);
    if (discountBp === null) mistakes[`entries.${index}.discountBp`] = 'catalog.priceLists.discountInvalid';
    return { sku: entry.sku, discountBp: discountBp ?? 0 };
  });
  const body = {
    name: draft.name.trim(),
    priority: priority ?? 0,
    partnerLevelIds: draft.partnerLevelIds,
    customerLevels: draft.customerLevels,
    validFrom,
    ...(validUntil ? { validUntil } : {}),
    entries,
  };
  return { body, mistakes };
}

/** The entry rows that have something said about them, by index. */
const entryErrors = (errors: Record<string, string>) =>
  Object.entries(errors).reduce<Record<number, string>>((rows, [path, text]) => {
    const row = /^entries\.(\d+)\./.exec(path);
    if (row && text && !rows[Number(row[1])]) rows[Number(row[1])] = text;
    return rows;
  }, {});

/**
 * A price list at a desk: its name, priority, the partner levels and customer levels it applies to (none: all), the
 * days it applies (until the first day it no longer does), and its products, each at a fixed price in yuan or a
 * discount in percent off the base price. The products are a compact table drawn a page at a time and filtered by SKU;
 * new ones are found in the catalog. Unsaved work is kept in a draft; mistakes are shown in place before anything is
 * sent, the server's after (a row that is wrong is paged to).
 */
export default function PriceListEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  const levels = useLevels();
  const record = useRecord(id, async (listId) => (await catalogApi.priceLists()).find((list) => list.id === listId) ?? Promise.reject(new Error(t('common.empty'))));
  const draft = useRecordDraft<PriceListView, PriceListDraft>(`price-list-${id ?? 'new'}`, record.data, emptyDraft, {
    fromRecord: draftOf,
    basisOf: (list) => list.updatedAt,
    basisIn: (kept) => kept.updatedAt,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { sending: saving, formError, setFormError, send } = useSending(setErrors);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);

  const { value } = draft;
  function set<K extends keyof PriceListDraft>(field: K, fieldValue: PriceListDraft[K]) {
    draft.update({ [field]: fieldValue } as Partial<PriceListDraft>);
    setErrors((current) => (current[field] ? { ...current, [field]: '' } : current));
  }
  const setEntry = (index: number, patch: Partial<EntryDraft>) => {
    draft.update((current) => ({ ...current, entries: current.entries.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)) }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith(`entries.${index}.`))));
  };
  /** Rows added or removed: what was said about them (by position) no longer holds. */
  function reshapeEntries(next: (entries: EntryDraft[]) => EntryDraft[]) {
    draft.update((current) => ({ ...current, entries: next(current.entries) }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !path.startsWith('entries'))));
  }
  function addEntry(sku: string) {
    // On top, where it is seen at once.
    reshapeEntries((entries) => [{ sku, by: 'price', amount: '' }, ...entries]);
    setFilter('');
    setPage(0);
  }

  async function save() {
    setFormError(null);
    const { body, mistakes } = toInput(value);
    const parsed = checkForm(priceListInput, body);
    if (!parsed.success || Object.keys(mistakes).length) {
      const found = {
        ...(parsed.success ? {} : problemsByField(parsed)),
        ...Object.fromEntries(Object.entries(mistakes).map(([path, key]) => [path, t(key)])),
      };
      setErrors(found);
      const wrongRows = Object.keys(entryErrors(found)).map(Number);
      if (wrongRows.length) {
        setFilter('');
        setPage(Math.floor(Math.min(...wrongRows) / ENTRIES_PER_PAGE));
      }
      return;
    }
    setErrors({});
    const saved = await send(() => (id ? catalogApi.replacePriceList(id, parsed.data) : catalogApi.createPriceList(parsed.data)));
    if (saved) {
      draft.clear();
      goBack();
    }
  }

  if (record.error) return <PageContainer requires='catalog.manage'><ErrorView error={record.error} onRetry={record.reload} /></PageContainer>;
  if (id && !record.data) return <PageContainer requires='catalog.manage'><LoadingView /></PageContainer>;
  const skus = new Set(value.entries.map((entry) => entry.sku));
  const needle = filter.trim().toLowerCase();
  const shown = value.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => !needle || entry.sku.toLowerCase().includes(needle));
  const pages = Math.max(1, Math.ceil(shown.length / ENTRIES_PER_PAGE));
  const onPage = Math.min(page, pages - 1);
  const rowErrors = entryErrors(errors);
  const wrongCount = Object.keys(rowErrors).length;
  return (
    <PageContainer requires='catalog.manage' title={id ? t('catalog.priceLists.edit') : t('catalog.priceLists.create')}>
      <View data-testid='price-list-form'>
        {draft.outdated && <KeptDraftNotice message={t('catalog.draftOutdated')} dropLabel={t('catalog.dropDraft')} onDrop={draft.drop} />}
        <View className='cp-card'>
          <View className='cp-row'>
            <TextField name='name' required label={t('catalog.priceLists.name')} value={value.name} onChange={(v) => set('name', v)} error={errors.name} />
            <TextField name='priority' required type='number' label={t('catalog.priceLists.priority')} value={value.priority} onChange={(v) => set('priority', v)} error={errors.priority} />
          </View>
          <MultiChoiceField
            name='partnerLevelIds'
            label={t('catalog.priceLists.partnerLevels')}
            hint={t('catalog.priceLists.partnerLevelsHint')}
            values={value.partnerLevelIds}
            onChange={(v) => set('partnerLevelIds', v)}
            options={levels.map((level) => ({ value: level.id, label: level.name }))}
            error={errors.partnerLevelIds}
          />
          <MultiChoiceField
            name='customerLevels'
            label={t('catalog.priceLists.customerLevels')}
            hint={t('catalog.priceLists.customerLevelsHint')}
            values={value.customerLevels}
            onChange={(v) => set('customerLevels', v as CustomerLevel[])}
            options={CUSTOMER_LEVELS.map((level) => ({ value: level, label: t(`accounts.customerLevel.${level}`) }))}
            error={errors.customerLevels}
          />
          <View className='cp-row'>
            <DateField name='validFrom' required label={t('catalog.priceLists.validFrom')} value={value.validFrom} onChange={(v) => set('validFrom', v)} error={errors.validFrom} />
            <DateField name='validUntil' label={t('catalog.priceLists.validUntil')} hint={t('catalog.priceLists.validUntilHint')} value={value.validUntil} onChange={(v) => set('validUntil', v)} error={errors.validUntil} />
          </View>
        </View>

        <View className='cp-card' data-testid='price-entries'>
          <Text className='cp-section__title'>{t('catalog.priceLists.entries', { count: value.entries.length })}</Text>
          <Text className={errors.entries ? 'cp-field__error' : 'cp-field__hint'}>{errors.entries || t('catalog.priceLists.entriesHint')}</Text>
          <ProductPicker name='entries' taken={(sku) => skus.has(sku)} onPick={(product) => addEntry(product.sku)} />
          {(value.entries.length > ENTRIES_PER_PAGE || filter) && (
            <SearchBar
              placeholder={t('catalog.priceLists.filter')}
              value={filter}
              onChange={(text) => {
                setFilter(text);
                setPage(0);
              }}
            />
          )}
          {wrongCount > 0 && <Text className='cp-field__error' data-testid='wrong-rows'>{t('catalog.priceLists.wrongRows', { count: wrongCount })}</Text>}
          {!value.entries.length && <Text className='cp-muted'>{t('catalog.priceLists.entriesNone')}</Text>}
          {shown.slice(onPage * ENTRIES_PER_PAGE, (onPage + 1) * ENTRIES_PER_PAGE).map(({ entry, index }) => (
            <View key={entry.sku} className='cp-entry' data-testid='price-entry' data-sku={entry.sku}>
              <View className='cp-entry__line'>
                <Text className='cp-entry__name'>{entry.sku}</Text>
                <Choices
                  value={entry.by}
                  // The amount meant yuan or percent: it is typed again for the other.
                  onChange={(by) => by !== entry.by && setEntry(index, { by: by as EntryDraft['by'], amount: '' })}
                  options={[{ value: 'price', label: t('catalog.priceLists.byPrice') }, { value: 'discount', label: t('catalog.priceLists.byDiscount') }]}
                />
                <View className='cp-entry__amount'>
                  <Input name={`entries.${index}.amount`} type='digit' value={entry.amount} onChange={(amount) => setEntry(index, { amount })} />
                </View>
                <Text className='cp-link' onClick={() => reshapeEntries((entries) => entries.filter((_, i) => i !== index))}>{t('catalog.remove')}</Text>
              </View>
              {rowErrors[index] && <Text className='cp-field__error'>{rowErrors[index]}</Text>}
            </View>
          ))}
          {pages > 1 && (
            <View className='cp-actions'>
              <Button size='small' fill='outline' disabled={onPage === 0} onClick={() => setPage(onPage - 1)}>{t('catalog.priceLists.previous')}</Button>
              <Text className='cp-muted'>{t('catalog.priceLists.page', { page: onPage + 1, pages })}</Text>
              <Button size='small' fill='outline' disabled={onPage === pages - 1} onClick={() => setPage(onPage + 1)}>{t('catalog.priceLists.next')}</Button>
            </View>
          )}
        </View>

        <View className='cp-pad'>
          <FormActions submitting={saving} onSubmit={save} error={formError} />
        </View>
      </View>
    </PageContainer>
  );
}
