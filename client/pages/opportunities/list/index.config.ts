import { opportunitiesZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: opportunitiesZh['opportunities.title'], enablePullDownRefresh: true });
