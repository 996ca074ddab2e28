import { accountPoolRoutes, accountRoutes, disputeRoutes } from './accounts.routes';
import type { RegistryProvider } from './registry/registry';

export const accountsModuleRoutes = (registry: RegistryProvider) => [...accountRoutes(registry), ...accountPoolRoutes, ...disputeRoutes];
export { createRegistry } from './registry';
export { accountHoldings, sweepAccounts } from './sweeps';
export { Account } from './account.model';
