import { leadRoutes, poolRoutes } from './leads.routes';

export const leadsModuleRoutes = [...leadRoutes, ...poolRoutes];
export { sweepLeads } from './sweeps';
export { Lead } from './lead.model';
