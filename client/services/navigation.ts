import Taro from '@tarojs/taro';
import { PAGES, pagePath, type PageName } from '../../types/pages';
import type { Action } from '../../types/permissions';
import type { MessageKey } from '../i18n/zh-CN';

/** Pages navigate by name, never by typing a path (the table lives in types/, shared with the server's links). */
export const ROUTES = PAGES;
export type RouteName = PageName;

/** The upstream admin area: the Work tab's grid and the desktop side menu. */
export const ADMIN_ENTRIES: { route: RouteName; label: MessageKey; action: Action }[] = [
  { route: 'partners', label: 'nav.partners', action: 'partners.manage' },
  { route: 'levels', label: 'nav.levels', action: 'levels.manage' },
  { route: 'members', label: 'nav.members', action: 'members.read' },
  { route: 'staff', label: 'nav.staff', action: 'staff.read' },
  { route: 'wechat', label: 'nav.wechat', action: 'wechat.manage' },
  { route: 'approvalFlows', label: 'nav.approvalFlows', action: 'approvals.configure' },
  { route: 'leadPools', label: 'nav.leadPools', action: 'leadPools.configure' },
  { route: 'accountPools', label: 'nav.accountPools', action: 'accountPools.configure' },
  { route: 'accountSettings', label: 'nav.accountSettings', action: 'accountSettings.configure' },
  { route: 'salesProcesses', label: 'nav.salesProcesses', action: 'salesProcesses.configure' },
  { route: 'priceLists', label: 'nav.priceLists', action: 'catalog.manage' },
  { route: 'salableRanges', label: 'nav.salableRanges', action: 'catalog.manage' },
  { route: 'deliveries', label: 'nav.deliveries', action: 'outbox.manage' },
];

/** Business areas that are open, for whoever may use them. */
export const WORK_ENTRIES: { route: RouteName; label: MessageKey; action: Action }[] = [
  { route: 'leads', label: 'nav.leads', action: 'leads.use' },
  { route: 'accounts', label: 'nav.accounts', action: 'accounts.use' },
  { route: 'opportunities', label: 'nav.opportunities', action: 'opportunities.use' },
  { route: 'products', label: 'nav.catalog', action: 'catalog.read' },
  { route: 'quotes', label: 'nav.quotes', action: 'sales.use' },
  { route: 'orders', label: 'nav.orders', action: 'sales.use' },
  { route: 'approvals', label: 'nav.approvals', action: 'approvals.use' },
];

const TABS: RouteName[] = ['home', 'work', 'inbox', 'me'];

export function goTo(route: RouteName, params?: Record<string, string | undefined>): void {
  if (TABS.includes(route)) void Taro.switchTab({ url: ROUTES[route] });
  else void Taro.navigateTo({ url: pagePath({ page: ROUTES[route], params }) });
}

/** Opens an app path such as "/pages/partners/detail/index?id=…" (from a scanned code or a message link). */
export function openPath(path: string): Promise<unknown> {
  const page = path.split('?')[0];
  return TABS.some((tab) => ROUTES[tab] === page) ? Taro.switchTab({ url: page }) : Taro.navigateTo({ url: path });
}

/** Back when there is a page to go back to (a deep link opens a page with no history), else home. */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: ROUTES.home });
}

/** Leaves whatever page is open for the login page, remembering nothing of the stack. */
export function goToLogin(): void {
  void Taro.reLaunch({ url: ROUTES.login });
}

export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}
