/**
 * Errors are typed where they arise and mapped to HTTP / tRPC codes once (server/trpc/init.ts,
 * route handlers). `message` is always fit to show a person: no stack traces, no SQL.
 */
export const appErrorCodes = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

/**
 * Why a CONFLICT happened, for callers that treat conflicts differently (a bulk decision lists
 * each kind apart) without reading the message, which is written for people and may change.
 */
export const appErrorKinds = [
  /** someone (or the policy) decided it first, or it moved on to a final status */
  "already_decided",
  /** someone else holds a live claim on it */
  "claimed_by_other",
  /** it changed since the caller read it: reload and decide again */
  "stale_version",
] as const;
export type AppErrorKind = (typeof appErrorKinds)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: Record<string, unknown>;
  readonly kind?: AppErrorKind;

  constructor(
    code: AppErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options: { kind?: AppErrorKind } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.kind = options.kind;
  }

  get httpStatus(): number {
    return appErrorCodes[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A CONFLICT with its kind. */
export function conflictError(
  kind: AppErrorKind,
  message: string,
  details?: Record<string, unknown>,
): AppError {
  return new AppError("CONFLICT", message, details, { kind });
}
