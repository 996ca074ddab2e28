import { partnersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: partnersZh['levels.title'], enablePullDownRefresh: true });
