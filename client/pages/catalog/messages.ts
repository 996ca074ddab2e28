import { customerLevelEn, customerLevelZh } from '../../components/customer-level-catalog';
import { registerCatalog } from '../../i18n';
import { catalogEn, catalogZh } from './catalog';

/** Registers the catalog area's texts (and the customer levels its price lists name); every page of the area imports this module first. */
registerCatalog({ 'zh-CN': { ...catalogZh, ...customerLevelZh }, 'en-US': { ...catalogEn, ...customerLevelEn } });
