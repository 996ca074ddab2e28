import { registerCatalog } from '../i18n';
import { peopleEn, peopleZh } from './people-catalog';

/** Registers the people texts; the editor and the row import this first. */
registerCatalog({ 'zh-CN': peopleZh, 'en-US': peopleEn });
