import { catalogZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: catalogZh['catalog.priceLists'] });
