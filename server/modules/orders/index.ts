export { orderRoutes } from './orders.routes';
export { Order, type OrderDoc } from './order.model';
export { announceOwedOrders } from './orders.service';
