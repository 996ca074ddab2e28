import { authZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: authZh['auth.login.title'] });
