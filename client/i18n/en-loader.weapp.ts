import { enUS } from './en-US';

export const loadEnglish = async () => enUS;
