export { catalogRoutes } from './catalog.routes';
export { Product, PriceList } from './catalog.model';
