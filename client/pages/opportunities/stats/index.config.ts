import { opportunitiesZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: opportunitiesZh['opportunities.stats'] });
