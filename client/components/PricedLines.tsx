import './sales-messages';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { formatFen } from '../../types/money';
import { useI18n } from '../i18n';
import { bpToPercentText } from '../services/basis-points';
import type { PricedLine } from './usePricing';

type Line = PricedLine & { discountBp?: number; netTotal?: number };

/** An option with what it adds to the price, e.g. "高速 2.5 m/s +¥45,000.00" (just its name when it adds nothing). */
export function optionLabel(option: { name: string; priceDelta: number }): string {
  if (!option.priceDelta) return option.name;
  return `${option.name} ${option.priceDelta < 0 ? `-${formatFen(-option.priceDelta)}` : `+${formatFen(option.priceDelta)}`}`;
}

/** How the server priced one line: list price, options, unit price, total, the price list, and any discount. */
export function LineFigures({ line }: { line: Line }) {
  const { t } = useI18n();
  return (
    <View data-testid='line-figures'>
      {line.options.length > 0 && <Text className='cp-timeline__meta'>{line.options.map(optionLabel).join(' · ')}</Text>}
      <Text className='cp-timeline__meta'>
        {[t('sales.line.listPrice', { price: formatFen(line.listPrice) }), t('sales.line.unitPrice', { price: formatFen(line.unitPrice) }), t('sales.line.total', { amount: formatFen(line.total) })].join(' · ')}
      </Text>
      <Text className='cp-timeline__meta' data-testid='line-price-list'>{line.priceListName ? t('sales.line.priceList', { name: line.priceListName }) : t('sales.line.basePrice')}</Text>
      {line.discountBp !== undefined && line.netTotal !== undefined && line.discountBp > 0 && (
        <Text className='cp-timeline__meta'>{t('sales.line.discount', { percent: bpToPercentText(line.discountBp), amount: formatFen(line.netTotal) })}</Text>
      )}
    </View>
  );
}

/** A line's heading: product and SKU, and the quantity where it is not being typed in a field below. */
export function LineTitle({ line, quantity, extra }: { line: Pick<PricedLine, 'name' | 'sku' | 'unit'>; quantity?: number; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <View className='cp-step__head'>
      <Text className='cp-timeline__title'>{`${line.name} · ${line.sku}${quantity !== undefined ? ` × ${t('sales.line.quantity', { quantity, unit: line.unit })}` : ''}`}</Text>
      {extra}
    </View>
  );
}

/** Lines as the server priced them, then the totals before and after discounts (the latter only when they differ). */
export function PricedLines({ lines, listTotal, netTotal }: { lines: Line[]; listTotal: number; netTotal: number }) {
  const { t } = useI18n();
  return (
    <View className='cp-card' data-testid='priced-lines'>
      {lines.map((line, index) => (
        <View key={index} className='cp-card__section' data-testid='priced-line'>
          <LineTitle line={line} quantity={line.quantity} />
          <LineFigures line={line} />
        </View>
      ))}
      {netTotal !== listTotal && <Text className='cp-timeline__meta'>{`${t('sales.listTotal')} ${formatFen(listTotal)}`}</Text>}
      <Text className='cp-timeline__title' data-testid='net-total'>{`${t('sales.netTotal')} ${formatFen(netTotal)}`}</Text>
    </View>
  );
}
