import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { FieldError, Locale } from '../../types/errors';
import { checkInput } from '../../types/field-messages';
import { ACTIONS, rolesAllow, type Action } from '../../types/permissions';
import { currentContext } from './context';
import { AppError, forbidden } from './errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> {
  method: Method;
  /** Koa-router path under /api/v1, e.g. `/partners/:id`. */
  path: string;
  /** The permission this route needs; `public` is an explicit choice, never a default. */
  action: Action;
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  params?: P;
  /** The success body's schema, for the OpenAPI document. */
  response?: Schema;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204;
  /** The handler answers a URL to redirect the browser to (302), e.g. for OAuth hops. */
  redirect?: true;
  handler: (input: { body: Infer<B>; query: Infer<Q>; params: Infer<P>; koa: Context }) => Promise<unknown>;
}

export type Route = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;

/** Declares a route. The action is checked here so that a route without one cannot even be defined. */
export function defineRoute<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  spec: RouteSpec<B, Q, P>,
): Route {
  if (!spec.action || !(ACTIONS as readonly string[]).includes(spec.action)) {
    throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} has no valid permission action`);
  }
  return spec as unknown as Route;
}

function parsePart(schema: Schema | undefined, value: unknown, where: string, locale: Locale, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = checkInput(schema, value, locale);
  if (result.success) return result.data;
  for (const issue of result.issues) errors.push({ ...issue, path: issue.path ? `${where}.${issue.path}` : where });
  return undefined;
}

function hasBody(koa: Context): boolean {
  return Boolean(koa.request.length) || koa.get('transfer-encoding') !== '';
}

/** Registers routes on the router with the guard, the edge validation and the response shape every route shares. */
export function mountRoutes(router: Router, routes: readonly Route[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (koa) => {
      const context = currentContext();
      if (route.action !== 'public') {
        if (!context?.userId) throw new AppError(401, 'auth.unauthenticated');
        if (context.passwordChangeRequired && route.action !== 'self') throw new AppError(403, 'auth.password_change_required');
        if (!rolesAllow(context.roles, route.action)) throw forbidden();
      }
      if (route.body && hasBody(koa) && !koa.is('application/json')) throw new AppError(415, 'request.unsupported_media_type');

      const locale = context?.locale ?? 'zh-CN';
      const errors: FieldError[] = [];
      const params = parsePart(route.params, koa.params, 'params', locale, errors);
      const query = parsePart(route.query, koa.query, 'query', locale, errors);
      const body = parsePart(route.body, (koa.request as { body?: unknown }).body ?? {}, 'body', locale, errors);
      if (errors.length) throw new AppError(400, 'request.validation_failed', undefined, { errors });

      const result = await route.handler({ body, query, params, koa } as never);
      if (route.redirect) return koa.redirect(String(result));
      koa.status = route.status ?? 200;
      if (koa.status !== 204) koa.body = result;
    });
  }
}
