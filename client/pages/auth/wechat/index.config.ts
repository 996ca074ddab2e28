import { zhCN } from '../../../i18n/zh-CN';

export default definePageConfig({ navigationBarTitleText: zhCN['auth.login.title'] });
