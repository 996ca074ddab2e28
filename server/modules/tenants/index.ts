export { staffRoutes } from './staff.routes';
export { Tenant, type TenantDoc } from './tenant.model';
