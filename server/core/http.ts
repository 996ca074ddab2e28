import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import mongoose from 'mongoose';
import { errorTitle, type ErrorCode, type Locale, type Problem } from '../../types/errors';
import { fieldText } from '../../types/field-messages';
import { currentContext, runWithContext } from './context';
import { AppError } from './errors';
import type { Logger } from './logger';

export function pickLocale(acceptLanguage: string | undefined): Locale {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en-US' : 'zh-CN';
}

/** Gives every request an id and a context that all later awaits share. */
export function requestContext(): Middleware {
  return async (koa, next) => {
    const incoming = koa.get('x-request-id');
    const requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    koa.set('x-request-id', requestId);
    await runWithContext({ requestId, locale: pickLocale(koa.get('accept-language')), roles: [] }, next);
  };
}

interface HttpishError {
  status?: number;
  type?: string;
  expose?: boolean;
}

/** Errors thrown by libraries below us, turned into the client-facing code they really mean. */
function classify(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const http = error as HttpishError;
  if (http?.type === 'entity.parse.failed' || (error instanceof SyntaxError && http.status === 400)) {
    return new AppError(400, 'request.malformed_json');
  }
  if (http?.type === 'entity.too.large' || http?.status === 413) return new AppError(413, 'request.too_large');
  if (http?.status === 415) return new AppError(415, 'request.unsupported_media_type');
  if (http?.status === 400 && http.expose) return new AppError(400, 'request.malformed_json');
  if ((error as { code?: number })?.code === 11000) return new AppError(409, 'resource.duplicate');
  if (error instanceof mongoose.Error.ValidationError) {
    return new AppError(400, 'request.validation_failed', undefined, {
      errors: Object.values(error.errors).map((e) => ({ path: `body.${e.path}`, code: e.kind, message: e.message })),
    });
  }
  return undefined;
}

/** The outermost middleware: every failure answers application/problem+json, never a stack trace. */
export function errorHandler(logger: Logger): Middleware {
  return async (koa, next) => {
    try {
      await next();
      if (koa.status === 404 && koa.body === undefined) throw new AppError(404, 'route.not_found');
      if (koa.status === 405 && koa.body === undefined) throw new AppError(405, 'route.method_not_allowed');
    } catch (error) {
      const context = currentContext();
      const requestId = context?.requestId ?? koa.get('x-request-id') ?? 'unknown';
      const known = classify(error);
      const status = known?.status ?? 500;
      const code: ErrorCode = known?.code ?? 'server.internal';
      if (!known) logger.error({ err: error, requestId, method: koa.method, path: koa.path }, 'unhandled error');
      const locale = context?.locale ?? pickLocale(koa.get('accept-language'));
      const problem: Problem = {
        type: `urn:channelpass:problem:${code}`,
        title: errorTitle(code, locale),
        status,
        code,
        requestId,
        ...(known?.detail && known.detail !== code ? { detail: known.detail } : {}),
        ...(known?.extra.errors ? { errors: known.extra.errors.map((e) => ({ path: e.path, code: e.code, message: fieldText(e.message, locale, 'params' in e ? e.params : undefined) })) } : {}),
        ...(known?.extra.retryAfter !== undefined ? { retryAfter: known.extra.retryAfter } : {}),
        ...(known?.extra.duplicates ? { duplicates: known.extra.duplicates } : {}),
      };
      if (known?.extra.retryAfter !== undefined) koa.set('retry-after', String(known.extra.retryAfter));
      // A refused upload (unauthorised, too large) may still be arriving: read and drop the rest, so the client
      // receives this answer instead of a reset connection.
      if (!koa.req.complete) koa.req.resume();
      koa.status = status;
      koa.type = 'application/problem+json';
      koa.body = problem;
    }
  };
}

/** One line per request, with its id, for tracing a complaint back to the log. */
export function accessLog(logger: Logger): Middleware {
  return async (koa, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const context = currentContext();
      logger.info(
        { requestId: context?.requestId, method: koa.method, path: koa.path, status: koa.status, ms: Math.round(performance.now() - started), userId: context?.userId },
        'request',
      );
    }
  };
}
