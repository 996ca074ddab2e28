import { quotesZh } from '../catalog';

export default definePageConfig({ navigationBarTitleText: quotesZh['quotes.create'] });
