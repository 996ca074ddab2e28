import { registerCatalog } from '../../i18n';
import { approvalsEn, approvalsZh } from './catalog';

/**
 * Registers the approvals area's texts. They travel with its pages (a subpackage) instead of the first load;
 * every page of the area imports this module first.
 */
registerCatalog({ 'zh-CN': approvalsZh, 'en-US': approvalsEn });
