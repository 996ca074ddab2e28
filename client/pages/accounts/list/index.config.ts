import { accountsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: accountsZh['accounts.title'], enablePullDownRefresh: true });
