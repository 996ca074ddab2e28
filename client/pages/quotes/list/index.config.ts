import { quotesZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: quotesZh['quotes.title'], enablePullDownRefresh: true });
