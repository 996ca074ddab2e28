export const loadEnglish = () => import('./en-US').then((module) => module.enUS);
