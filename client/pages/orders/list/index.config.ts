import { ordersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: ordersZh['orders.title'], enablePullDownRefresh: true });
