import type { ErrorCode, FieldError, Problem } from '../../types/errors';
import type { FieldMessage, FieldParams } from '../../types/field-messages';

/** An error the client can act on: it carries the HTTP status and the stable code of the problem answer. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    public readonly detail?: string,
    public readonly extra: { errors?: (FieldError | FieldProblem)[]; retryAfter?: number; duplicates?: Problem['duplicates'] } = {},
  ) {
    super(detail ?? code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'resource.not_found');
export const forbidden = () => new AppError(403, 'auth.forbidden');
export const conflict = (code: ErrorCode, detail?: string) => new AppError(409, code, detail);
/** A field error as a service raises it: the message names a key, worded in the caller's language in the answer. */
export interface FieldProblem {
  path: string;
  code: string;
  message: FieldMessage;
  params?: FieldParams;
}

export const invalid = (errors: FieldProblem[]) => new AppError(400, 'request.validation_failed', undefined, { errors });
export const illegalTransition = (from: string, action: string) =>
  new AppError(409, 'state.illegal_transition', `Cannot ${action} while ${from}`);
