import { registerCatalog } from '../../i18n';
import { leadsEn, leadsZh } from './catalog';

/** Registers the leads area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': leadsZh, 'en-US': leadsEn });
