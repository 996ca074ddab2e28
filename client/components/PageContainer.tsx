import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import type { Action } from '../../types/permissions';
import { isUpstreamRole } from '../../types/permissions';
import { useI18n } from '../i18n';
import { isWideScreen } from '../platform/screen';
import { applyTabLabels } from '../platform/shell';
import { useMe } from '../services/me';
import { ADMIN_ENTRIES, ROUTES, goTo, goToLogin } from '../services/navigation';
import { refreshInboxBadge } from '../services/inbox-badge';
import { tokenStore } from '../services/session';
import { ErrorBoundary } from './ErrorBoundary';
import { EmptyView, ErrorView, LoadingView } from './StateViews';

interface Props {
  children: ReactNode;
  /** The permission the page needs; without it the page says so instead of failing call by call. */
  requires?: Action;
  /** Sets the navigation bar title (and the browser tab's). */
  title?: string;
  /** Allowed while the initial password still has to be changed (the change page itself, Me). */
  beforePasswordChange?: boolean;
  /** A tab page: puts the current language's labels on the tab bar when shown. */
  tab?: boolean;
}


/**
 * Every signed-in page sits in this: it sends anonymous users to login, first-login users to the password change,
 * shows loading and errors for the current user, checks the page's permission and catches render errors.
 */
export function PageContainer({ children, requires, title, beforePasswordChange, tab }: Props) {
  const { t, locale } = useI18n();
  const { status, me, error, can, reload } = useMe();
  const signedIn = Boolean(tokenStore.get());

  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);
  useDidShow(() => {
    if (!tab) return;
    applyTabLabels();
    // Taro's H5 tab bar redraws its items from its own copy when a badge changes: labels again afterwards.
    if (tokenStore.get()) void refreshInboxBadge().then(applyTabLabels);
  });
  useEffect(() => {
    if (tab) applyTabLabels();
  }, [tab, locale]);
  useEffect(() => {
    if (!signedIn || (status === 'ready' && !me)) goToLogin();
    else if (me?.mustChangePassword && !beforePasswordChange) void Taro.redirectTo({ url: ROUTES.password });
  }, [signedIn, status, me, beforePasswordChange]);

  let body: ReactNode;
  if (status === 'error') body = <ErrorView error={error} onRetry={reload} />;
  else if (!me || (me.mustChangePassword && !beforePasswordChange)) body = <LoadingView />;
  else if (requires && !can(requires)) body = <EmptyView text={t('error.forbidden')} />;
  else body = <ErrorBoundary>{children}</ErrorBoundary>;

  // Upstream staff at a desk get a side menu; phones and WeChat get the plain page.
  if (!me || !isUpstreamRole(me.roles[0]) || !isWideScreen()) return <View className='cp-page'>{body}</View>;
  return (
    <View className='cp-desk'>
      <View className='cp-desk__nav' data-testid='desk-nav'>
        <View className='cp-desk__brand'>{t('app.name')}</View>
        {ADMIN_ENTRIES.filter((item) => can(item.action)).map((item) => (
          <View key={item.route} className='cp-desk__link' onClick={() => goTo(item.route)}>
            {t(item.label)}
          </View>
        ))}
      </View>
      <View className='cp-desk__main cp-page'>{body}</View>
    </View>
  );
}
