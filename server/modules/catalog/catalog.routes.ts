import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../../types/accounts';
import { lineInput, priceListInput, productInput } from '../../../types/catalog';
import { idParams, objectId, pageQuery } from '../../../types/common';
import { defineRoute } from '../../core/route';
import * as service from './catalog.service';
import * as images from './images';

const noQuery = z.strictObject({});
const imageParams = z.strictObject({ id: objectId, imageId: objectId });
const tag = 'catalog';
const productQuery = pageQuery.extend({ q: z.string().trim().max(80).optional(), category: z.string().trim().max(40).optional() });
const rangeBody = z.strictObject({ categories: z.array(z.string().trim().min(1).max(40)).max(200), skus: z.array(z.string().trim().min(1).max(40)).max(5000) });
const priceBody = z.strictObject({ customerLevel: z.enum(CUSTOMER_LEVELS).default('normal'), lines: z.array(lineInput).min(1).max(500) });

export const catalogRoutes = [
  defineRoute({
    method: 'get', path: '/products', action: 'catalog.read', tag, summary: 'The catalog (partner staff: what their level may sell)',
    query: productQuery,
    handler: ({ query }) => service.listProducts(query),
  }),
  defineRoute({
    method: 'post', path: '/products', action: 'catalog.manage', tag, status: 201, summary: 'Add a product',
    body: productInput,
    handler: ({ body }) => service.createProduct(body),
  }),
  defineRoute({
    method: 'get', path: '/product-categories', action: 'catalog.read', tag, summary: 'Categories of the products the caller may see',
    query: noQuery,
    handler: () => service.listCategories(),
  }),
  defineRoute({
    method: 'get', path: '/products/:id', action: 'catalog.read', tag, summary: 'One product',
    params: idParams,
    handler: ({ params }) => service.getProduct(params.id),
  }),
  defineRoute({
    method: 'put', path: '/products/:id', action: 'catalog.manage', tag, summary: 'Replace a product (price changes audited)',
    params: idParams, body: productInput,
    handler: ({ params, body }) => service.replaceProduct(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/products/:id/images', action: 'catalog.manage', tag, status: 201, summary: 'Add a picture (JPEG, PNG or WebP, the body or a multipart file, 5 MB at most)',
    params: idParams,
    handler: ({ params, koa }) => images.addImage(params.id, koa),
  }),
  defineRoute({
    method: 'get', path: '/products/:id/images/:imageId', action: 'catalog.read', tag, summary: 'A product picture',
    params: imageParams,
    handler: ({ params, koa }) => images.readImage(params.id, params.imageId, koa),
  }),
  defineRoute({
    method: 'delete', path: '/products/:id/images/:imageId', action: 'catalog.manage', tag, summary: 'Remove a product picture',
    params: imageParams,
    handler: ({ params }) => images.removeImage(params.id, params.imageId),
  }),
  defineRoute({
    method: 'get', path: '/price-lists', action: 'catalog.manage', tag, summary: 'Price lists, highest priority first',
    query: noQuery,
    handler: () => service.listPriceLists(),
  }),
  defineRoute({
    method: 'post', path: '/price-lists', action: 'catalog.manage', tag, status: 201, summary: 'Add a price list',
    body: priceListInput,
    handler: ({ body }) => service.createPriceList(body),
  }),
  defineRoute({
    method: 'put', path: '/price-lists/:id', action: 'catalog.manage', tag, summary: 'Replace a price list',
    params: idParams, body: priceListInput,
    handler: ({ params, body }) => service.replacePriceList(params.id, body),
  }),
  defineRoute({
    method: 'get', path: '/salable-ranges', action: 'catalog.manage', tag, summary: 'What each partner level may sell (levels without a range may sell everything active)',
    query: noQuery,
    handler: () => service.listSalableRanges(),
  }),
  defineRoute({
    method: 'put', path: '/salable-ranges/:levelId', action: 'catalog.manage', tag, summary: 'What a partner level may sell (categories and SKUs)',
    params: z.strictObject({ levelId: objectId }), body: rangeBody,
    handler: ({ params, body }) => service.setSalableRange(params.levelId, body),
  }),
  defineRoute({
    method: 'delete', path: '/salable-ranges/:levelId', action: 'catalog.manage', tag, status: 204, summary: 'A level may sell the whole active catalog again',
    params: z.strictObject({ levelId: objectId }),
    handler: ({ params }) => service.removeSalableRange(params.levelId),
  }),
  defineRoute({
    method: 'post', path: '/pricing', action: 'catalog.read', tag, summary: 'Price lines as the caller may sell them (the server prices; no price is read from the client)',
    body: priceBody,
    handler: async ({ body }) => ({ lines: await service.priceLines(body.lines, body.customerLevel) }),
  }),
];
