import { partnersZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: partnersZh['partners.edit'] });
