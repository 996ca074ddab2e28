export { quoteRoutes } from './quotes.routes';
export { Quote, type QuoteDoc } from './quote.model';
export { checkCurrent, checkOpportunity, claimForOrder, linesOf, HANDOVER_MS, quotedAccount, quoteFor, releaseOrderClaim } from './quotes.service';
