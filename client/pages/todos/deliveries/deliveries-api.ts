import type { Page } from '../../../../types/common';
import type { Delivery } from '../../../../types/inbox';
import { http, type PageQuery, type Query } from '../../../services/api';

/** The WeChat outbox's dead letters (admins), kept with their page rather than in the first load. */
export const deliveriesApi = {
  list: (query: PageQuery) => http.call<Page<Delivery>>('GET', '/outbox', { query: query as Query }),
  retry: (id: string) => http.call<Delivery>('POST', `/outbox/${id}/retry`),
};
