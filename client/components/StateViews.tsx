import { View } from '@tarojs/components';
import { Button, Empty, Skeleton } from '@nutui/nutui-react-taro';
import { t as translate, useI18n } from '../i18n';
import { DeviceError } from '../platform/device-error';
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

/** A failure as the user should read it: the server's own (localized) words, or what to do about the network. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return translate('error.network');
  if (error instanceof ApiError) return error.message;
  if (error instanceof DeviceError && error.reason !== 'cancelled') return translate(`device.${error.reason}`);
  return translate('error.unknown');
}

/** What went wrong, in the user's language, with the server's request id to quote and a way to retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = describeError(error);
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
