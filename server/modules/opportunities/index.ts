import { opportunityRoutes, processRoutes } from './opportunities.routes';

export const opportunitiesModuleRoutes = [...opportunityRoutes, ...processRoutes];
export { lapseProtections } from './sweeps';
export { Opportunity, SalesProcess } from './opportunity.model';
