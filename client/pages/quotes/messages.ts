import { registerCatalog } from '../../i18n';
import { quotesEn, quotesZh } from './catalog';

/** Registers the quotes area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': quotesZh, 'en-US': quotesEn });
