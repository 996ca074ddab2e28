export { todoRoutes } from './todos.routes';
export { closeTodos, onDeliveryQueued, raise, type NewInboxItem } from './inbox.service';
export { createOutbox, messageFields, type Outbox, type OutboxOptions } from './outbox';
export { InboxItem } from './inbox-item.model';
export { templateFinished } from './deliveries';
