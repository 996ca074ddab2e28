import { View } from '@tarojs/components';
import { Button, Empty, Skeleton } from '@nutui/nutui-react-taro';
import { useI18n } from '../i18n';
import { ApiError, NetworkError } from '../services/http-client';

export function LoadingView({ rows = 4 }: { rows?: number }) {
  return (
    <View className='cp-pad' data-testid='loading'>
      <Skeleton rows={rows} animated />
    </View>
  );
}

export function EmptyView({ text }: { text?: string }) {
  const { t } = useI18n();
  return <Empty description={text ?? t('common.empty')} />;
}

/** What went wrong, in the user's language, with the server's request id to quote and a way to retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = error instanceof NetworkError ? t('error.network') : error instanceof Error && error.message ? error.message : t('error.unknown');
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <View className='cp-pad cp-error' data-testid='error-view'>
      <Empty status={error instanceof NetworkError ? 'network' : 'error'} title={message} description={requestId ? t('error.requestId', { id: requestId }) : undefined} />
      {onRetry && (
        <Button type='primary' block onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </View>
  );
}
