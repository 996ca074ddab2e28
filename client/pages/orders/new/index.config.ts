import { ordersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: ordersZh['orders.new'] });
