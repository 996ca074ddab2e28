import { registerCatalog } from '../../i18n';
import { partnersEn, partnersZh } from './catalog';

/** Registers the partners area's texts, which travel with its subpackage; every page of the area imports this first. */
registerCatalog({ 'zh-CN': partnersZh, 'en-US': partnersEn });
