import { importRoutes, leadRoutes, poolRoutes } from './leads.routes';

export const leadsModuleRoutes = [...leadRoutes, ...poolRoutes, ...importRoutes];
export { onImportQueued, runQueuedImports } from './imports';
export { leadHoldings, sweepLeads } from './sweeps';
export { Lead } from './lead.model';
