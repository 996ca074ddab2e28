import type { MessageKey } from './zh-CN';

/** The en-US catalog: fetched on demand on H5 (kept out of the first load), bundled in the mini-program. */
export declare function loadEnglish(): Promise<Record<MessageKey, string>>;
