import { leadsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: leadsZh['leads.import'] });
