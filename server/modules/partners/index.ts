import { levelRoutes, memberRoutes, partnerRoutes } from './partners.routes';

export const partnersModuleRoutes = [...levelRoutes, ...partnerRoutes, ...memberRoutes];
export { Level } from './level.model';
export { Partner } from './partner.model';
