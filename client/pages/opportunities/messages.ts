import { registerCatalog } from '../../i18n';
import { opportunitiesEn, opportunitiesZh } from './catalog';

/** Registers the opportunities area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': opportunitiesZh, 'en-US': opportunitiesEn });
