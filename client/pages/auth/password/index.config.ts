import { authZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: authZh['auth.password.title'] });
