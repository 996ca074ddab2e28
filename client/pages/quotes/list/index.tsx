import '../messages';
import { View } from '@tarojs/components';
import { Button, Cell, SearchBar } from '@nutui/nutui-react-taro';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { formatFen } from '../../../../types/money';
import { QUOTE_STATES } from '../../../../types/quotes';
import { ChoiceField } from '../../../components/Fields';
import { ListBody } from '../../../components/ListBody';
import { PageContainer } from '../../../components/PageContainer';
import { usePagedList } from '../../../components/usePagedList';
import { useI18n } from '../../../i18n';
import { goTo } from '../../../services/navigation';
import { quotesApi } from '../quotes-api';
import { QuoteStateTag } from '../QuoteStateTag';

/** Quotes the caller may see, by state and text (number or account), newest first, loading more as one scrolls. */
export default function QuoteListPage() {
  const { t, date } = useI18n();
  const params = useRouter().params;
  const [q, setQ] = useState('');
  const [state, setState] = useState(params.state ?? '');
  const list = usePagedList((cursor) => quotesApi.list({ cursor, q, state, accountId: params.accountId }), `${q}|${state}`);

  return (
    <PageContainer requires='sales.use' title={t('quotes.title')}>
      <View data-testid='quotes-page'>
        <SearchBar placeholder={t('quotes.searchPlaceholder')} onSearch={setQ} onClear={() => setQ('')} />
        <View className='cp-filters'>
          <ChoiceField name='state' label={t('quotes.state')} value={state} onChange={setState} options={[{ value: '', label: t('common.all') }, ...QUOTE_STATES.map((s) => ({ value: s, label: t(`quotes.state.${s}`) }))]} />
        </View>
        <View className='cp-toolbar'>
          <Button type='primary' size='small' onClick={() => goTo('quoteEdit', { accountId: params.accountId })} data-testid='quote-create'>{t('quotes.create')}</Button>
        </View>
        <ListBody
          list={list}
          render={(quote) => (
            <Cell
              key={quote.id}
              clickable
              title={`${quote.number} · ${quote.accountName}`}
              description={[formatFen(quote.netTotal), t('quotes.lineCount', { count: quote.lineCount }), t('quotes.revision', { revision: quote.revision }), quote.ownerName, date(quote.updatedAt)].join(' · ')}
              extra={<QuoteStateTag state={quote.state} />}
              onClick={() => goTo('quote', { id: quote.id })}
            />
          )}
        />
      </View>
    </PageContainer>
  );
}
