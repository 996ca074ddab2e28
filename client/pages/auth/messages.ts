import { registerCatalog } from '../../i18n';
import { authEn, authZh } from './catalog';

/** Registers the sign-in pages' texts (kept out of the first load of a signed-in user); each of those pages imports this first. */
registerCatalog({ 'zh-CN': authZh, 'en-US': authEn });
