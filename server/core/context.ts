import { AsyncLocalStorage } from 'node:async_hooks';
import type { Locale } from '../../types/errors';
import type { Role } from '../../types/permissions';

/**
 * Who is calling, derived only from the verified access token (or set by trusted server code such as jobs and seeds).
 * Repositories and the tenant plugin read it; handlers never rebuild it from the body or query.
 */
export interface RequestContext {
  requestId: string;
  locale: Locale;
  tenantId?: string;
  partnerId?: string;
  userId?: string;
  sessionId?: string;
  roles: Role[];
  /** Set while an initial password is still in use: only `self` routes are allowed. */
  passwordChangeRequired?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Fills in the caller once the token is verified; the object is the one every later await sees. */
export function bindCaller(caller: Pick<RequestContext, 'tenantId' | 'partnerId' | 'userId' | 'sessionId' | 'roles' | 'passwordChangeRequired'>): void {
  const context = storage.getStore();
  if (!context) throw new Error('bindCaller outside a request context');
  Object.assign(context, caller);
}

/** The signed-in caller; throws when there is none (a route declared `public` must not ask). */
export function caller(): Required<Pick<RequestContext, 'tenantId' | 'userId'>> & RequestContext {
  const context = storage.getStore();
  if (!context?.tenantId || !context.userId) throw new Error('No signed-in caller in this context');
  return context as Required<Pick<RequestContext, 'tenantId' | 'userId'>> & RequestContext;
}

/**
 * Trusted server work (seeds, jobs) for one tenant, under the same scoping rules as a request. `fn` must be async:
 * a mongoose query returned unawaited would run after the context is gone.
 */
export function runAsSystem<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return storage.run({ requestId: `system-${Date.now()}`, locale: 'zh-CN', tenantId, roles: ['admin'] }, fn);
}
