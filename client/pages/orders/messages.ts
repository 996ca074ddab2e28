import { registerCatalog } from '../../i18n';
import { ordersEn, ordersZh } from './catalog';

/** Registers the orders area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': ordersZh, 'en-US': ordersEn });
