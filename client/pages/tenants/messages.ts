import { registerCatalog } from '../../i18n';
import { tenantsEn, tenantsZh } from './catalog';

/** Registers the tenants area's texts, which travel with its subpackage; every page of the area imports this first. */
registerCatalog({ 'zh-CN': tenantsZh, 'en-US': tenantsEn });
