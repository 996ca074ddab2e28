import { zhCN } from './i18n/zh-CN';

// Becomes app.json at build time: static zh-CN labels; the shell switches them at run time with the language.
// Tab pages must live in the main package; the upstream admin area is in subpackages so partners never download it.
export default defineAppConfig({
  pages: ['pages/home/index/index', 'pages/home/work/index', 'pages/todos/inbox/index', 'pages/auth/me/index', 'pages/auth/login/index', 'pages/auth/password/index', 'pages/auth/wechat/index', 'pages/auth/bind/index', 'pages/todos/deliveries/index'],
  subPackages: [
    { root: 'pages/partners', pages: ['list/index', 'detail/index', 'edit/index', 'levels/index', 'level-edit/index', 'members/index', 'member-edit/index'] },
    { root: 'pages/tenants', pages: ['staff/index', 'staff-edit/index', 'wechat/index', 'wechat-edit/index'] },
    { root: 'pages/approvals', pages: ['list/index', 'detail/index', 'request/index', 'flows/index', 'flow-edit/index'] },
    { root: 'pages/leads', pages: ['list/index', 'detail/index', 'edit/index', 'pools/index', 'pool/index', 'pool-edit/index', 'import/index'] },
    { root: 'pages/accounts', pages: ['list/index', 'detail/index', 'edit/index', 'pools/index', 'pool/index', 'pool-edit/index', 'settings/index', 'disputes/index', 'dispute/index'] },
    { root: 'pages/opportunities', pages: ['list/index', 'detail/index', 'edit/index', 'stats/index', 'processes/index', 'process-edit/index'] },
    { root: 'pages/catalog', pages: ['list/index', 'detail/index', 'product-edit/index', 'price-lists/index', 'price-list-edit/index', 'salable-ranges/index'] },
    { root: 'pages/quotes', pages: ['list/index', 'detail/index', 'edit/index'] },
    { root: 'pages/orders', pages: ['list/index', 'detail/index', 'new/index'] },
  ],
  // H5 only: no sliding page transition (instant on a desk, and what a screenshot shows is the page on top).
  animation: false,
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: zhCN['app.name'],
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#fa2c19',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index/index', text: zhCN['tab.home'], iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/home/work/index', text: zhCN['tab.work'], iconPath: 'assets/tabbar/work.png', selectedIconPath: 'assets/tabbar/work-active.png' },
      { pagePath: 'pages/todos/inbox/index', text: zhCN['tab.messages'], iconPath: 'assets/tabbar/messages.png', selectedIconPath: 'assets/tabbar/messages-active.png' },
      { pagePath: 'pages/auth/me/index', text: zhCN['tab.me'], iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
});
