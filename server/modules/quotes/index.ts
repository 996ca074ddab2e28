export { quoteRoutes } from './quotes.routes';
export { Quote, type QuoteDoc } from './quote.model';
export { checkCurrent, claimForOrder, HANDOVER_MS, quotedAccount, quoteFor, releaseOrderClaim } from './quotes.service';
