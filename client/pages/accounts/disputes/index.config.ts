import { accountsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: accountsZh['accounts.disputes'], enablePullDownRefresh: true });
