export { quoteRoutes } from './quotes.routes';
export { Quote, type QuoteDoc } from './quote.model';
export { isStale, markOrdered, quoteFor } from './quotes.service';
