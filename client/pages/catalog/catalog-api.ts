import type { z } from 'zod';
import type { Product, priceListInput } from '../../../types/catalog';
import type { Page } from '../../../types/common';
import { loadFile, uploadFile, type PickedFile } from '../../platform/files';
import { http, type PageQuery, type Query } from '../../services/api';

/** A product as the catalog answers it. */
export type ProductView = Product & { id: string; imageIds: string[]; createdAt: string; updatedAt: string };

/** A price list as the server keeps it; `validUntil` null: no end. */
export type PriceListView = Omit<z.output<typeof priceListInput>, 'validUntil'> & { id: string; validUntil: string | null; createdAt: string; updatedAt: string };

/** What a partner level may sell; a level without one may sell every active product. */
export interface SalableRange {
  levelId: string;
  categories: string[];
  skus: string[];
}

/** The catalog area's endpoints, kept with its pages (a subpackage) rather than in the first load; pricing is shared (components/usePricing). */
export const catalogApi = {
  list: (query: PageQuery) => http.call<Page<ProductView>>('GET', '/products', { query: query as Query }),
  categories: () => http.call<string[]>('GET', '/product-categories'),
  get: (id: string) => http.call<ProductView>('GET', `/products/${id}`),
  create: (body: Product) => http.call<ProductView>('POST', '/products', { body }),
  /** A full replace; the SKU must stay what it is. */
  replace: (id: string, body: Product) => http.call<ProductView>('PUT', `/products/${id}`, { body }),
  /** A local address of the image, for <Image src> (the image needs the session's token, which an <img> cannot send). */
  image: (id: string, imageId: string) => http.authorized<string>((headers) => loadFile(http.url(`/products/${id}/images/${imageId}`), headers)),
  addImage: (id: string, file: PickedFile) => http.authorized<ProductView>((headers) => uploadFile(http.url(`/products/${id}/images`), file, headers)),
  removeImage: (id: string, imageId: string) => http.call<ProductView>('DELETE', `/products/${id}/images/${imageId}`),

  /** Highest priority first, then the earliest created: the order in which they win. */
  priceLists: () => http.call<PriceListView[]>('GET', '/price-lists'),
  createPriceList: (body: z.output<typeof priceListInput>) => http.call<PriceListView>('POST', '/price-lists', { body }),
  replacePriceList: (id: string, body: z.output<typeof priceListInput>) => http.call<PriceListView>('PUT', `/price-lists/${id}`, { body }),

  /** The levels that have a range. */
  salableRanges: () => http.call<SalableRange[]>('GET', '/salable-ranges'),
  setSalableRange: ({ levelId, ...body }: SalableRange) => http.call<SalableRange>('PUT', `/salable-ranges/${levelId}`, { body }),
  removeSalableRange: (levelId: string) => http.call<void>('DELETE', `/salable-ranges/${levelId}`),
};
