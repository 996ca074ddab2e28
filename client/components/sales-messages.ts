import { registerCatalog } from '../i18n';
import { salesEn, salesZh } from './sales-catalog';

/** Registers the texts the catalog, quote and order pages share; the shared sales components import this first. */
registerCatalog({ 'zh-CN': salesZh, 'en-US': salesEn });
