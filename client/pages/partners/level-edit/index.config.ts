import { partnersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: partnersZh['levels.edit'] });
