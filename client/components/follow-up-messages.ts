import { registerCatalog } from '../i18n';
import { followUpEn, followUpZh } from './follow-up-catalog';

/** Registers the follow-up texts; the form and the timeline import this first. */
registerCatalog({ 'zh-CN': followUpZh, 'en-US': followUpEn });
