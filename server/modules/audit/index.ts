export { audit } from './audit.service';
export { auditRoutes } from './audit.routes';
