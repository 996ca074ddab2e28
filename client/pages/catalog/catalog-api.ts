import type { Product } from '../../../types/catalog';
import type { Page } from '../../../types/common';
import { loadFile } from '../../platform/files';
import { http, type PageQuery, type Query } from '../../services/api';

/** A product as the catalog answers it. */
export type ProductView = Product & { id: string; imageIds: string[]; createdAt: string; updatedAt: string };

/** The catalog area's endpoints, kept with its pages (a subpackage) rather than in the first load; pricing is shared (components/usePricing). */
export const catalogApi = {
  list: (query: PageQuery) => http.call<Page<ProductView>>('GET', '/products', { query: query as Query }),
  categories: () => http.call<string[]>('GET', '/product-categories'),
  get: (id: string) => http.call<ProductView>('GET', `/products/${id}`),
  /** A local address of the image, for <Image src> (the image needs the session's token, which an <img> cannot send). */
  image: (id: string, imageId: string) => http.authorized<string>((headers) => loadFile(http.url(`/products/${id}/images/${imageId}`), headers)),
};
