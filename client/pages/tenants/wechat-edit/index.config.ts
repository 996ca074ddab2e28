import { tenantsZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: tenantsZh['wechat.title'] });
