import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { formatFen } from '../../../../types/money';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../services/me';
import { goTo } from '../../../services/navigation';
import { catalogApi } from '../catalog-api';

/**
 * The products the caller may sell, by category and text. Opened from the quote builder (`forQuote`), a product's
 * "add to quote" goes back to that builder. The upstream sees the whole catalog, products off sale too, and its
 * admins add products here (and edit them from their page).
 */
export default function ProductListPage() {
  const { t } = useI18n();
  const { can } = useMe();
  const { forQuote } = useRouter().params;
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const list = usePagedList((cursor) => catalogApi.list({ cursor, q, category }), `${q}|${category}`);
  useEffect(() => {
    catalogApi.categories().then(setCategories, () => setCategories([]));
  }, []);

  return (
    <PageContainer requires='catalog.read' title={t('catalog.title')}>
      <View data-testid='catalog-page'>
        {can('catalog.manage') && (
          <View className='cp-toolbar'>
            <Button type='primary' size='small' onClick={() => goTo('productEdit')} data-testid='product-create'>{t('catalog.create')}</Button>
          </View>
        )}
        <SearchBar placeholder={t('catalog.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='category' label={t('catalog.category')} value={category} onChange={setCategory} options={[{ value: '', label: t('common.all') }, ...categories.map((c) => ({ value: c, label: c }))]} />
        </View>
        <ListBody
          list={list}
          render={(product) => (
            <Cell
              key={product.id}
              clickable
              title={product.active ? product.name : `${product.name} · ${t('catalog.inactive')}`}
              description={`${product.sku} · ${t('catalog.basePrice', { price: formatFen(product.basePrice), unit: product.unit })}`}
              onClick={() => goTo('product', { id: product.id, forQuote })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
