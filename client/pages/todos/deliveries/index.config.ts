import { deliveriesZh } from './catalog';

export default definePageConfig({ navigationBarTitleText: deliveriesZh['deliveries.title'], enablePullDownRefresh: true });
