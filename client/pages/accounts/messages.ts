import { customerLevelEn, customerLevelZh } from '../../components/customer-level-catalog';
import { registerCatalog } from '../../i18n';
import { accountsEn, accountsZh } from './catalog';

/** Registers the accounts area's texts; every page of the area imports this module first. */
registerCatalog({ 'zh-CN': { ...accountsZh, ...customerLevelZh }, 'en-US': { ...accountsEn, ...customerLevelEn } });
