import { Text, View } from '@tarojs/components';
import { Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { describeError } from '../../components/StateViews';
import { useI18n } from '../../i18n';
import { catalogApi, type ProductView } from './catalog-api';

const SHOWN = 10;

/**
 * Finds products by name or SKU and hands the one tapped to `onPick`, so a SKU is chosen rather than typed (a typo
 * would only be refused on saving). Products already `taken` are shown as added and cannot be picked again.
 */
export function ProductPicker({ name, taken, onPick }: { name: string; taken: (sku: string) => boolean; onPick: (product: ProductView) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  /** null: nothing asked yet, or the answer is still coming. */
  const [found, setFound] = useState<ProductView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setFound(null);
    setError(null);
    if (!q) return;
    let latest = true;
    catalogApi.list({ q, limit: SHOWN }).then(
      (page) => latest && setFound(page.items),
      (failure: unknown) => latest && setError(failure),
    );
    return () => {
      latest = false;
    };
  }, [q]);

  return (
    <View data-testid={`picker-${name}`}>
      <SearchBar placeholder={t('catalog.pick.placeholder')} onSearch={(text) => setQ(text.trim())} onClear={() => setQ('')} />
      {error ? <Text className='cp-field__error'>{describeError(error)}</Text> : null}
      {found?.length === 0 && <Text className='cp-muted'>{t('common.empty')}</Text>}
      {found?.map((product) => {
        const added = taken(product.sku);
        return (
          <Cell
            key={product.id}
            clickable={!added}
            title={product.name}
            description={product.sku}
            extra={<Text className={added ? 'cp-muted' : 'cp-link'}>{t(added ? 'catalog.pick.taken' : 'catalog.pick.add')}</Text>}
            onClick={() => !added && onPick(product)}
          />
        );
      })}
    </View>
  );
}
