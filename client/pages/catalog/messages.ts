import { registerCatalog } from '../../i18n';
import { catalogEn, catalogZh } from './catalog';

/** Registers the catalog area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': catalogZh, 'en-US': catalogEn });
