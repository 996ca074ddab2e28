import { leadsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: leadsZh['leads.title'], enablePullDownRefresh: true });
