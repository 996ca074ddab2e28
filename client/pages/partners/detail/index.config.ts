import { partnersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: partnersZh['partners.title'], enableShareAppMessage: true });
