// The small error family every layer speaks. Driver errors are translated into these at adapter boundaries;
// the HTTP problem-details middleware maps them to statuses, the retry helper reads `retriable`.

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly retriable: boolean;
  readonly code: string;

  constructor(message: string, opts: { status: number; code: string; retriable?: boolean; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.status = opts.status;
    this.code = opts.code;
    this.retriable = opts.retriable ?? false;
  }
}

export class ValidationError extends AppError {
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = [], code = 'validation') {
    super(message, { status: 400, code });
    this.errors = errors;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, { status: 404, code: 'not-found' });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: string) {
    super(message, { status: 409, code });
  }
}

export class ServiceError extends AppError {
  constructor(message: string, opts: { cause?: unknown; retriable?: boolean; status?: number } = {}) {
    super(message, { status: opts.status ?? 503, code: 'service-unavailable', retriable: opts.retriable ?? true, cause: opts.cause });
  }
}

/**
 * More work than the service takes at once while nothing is down (a hot row's lock queue, every connection busy):
 * 503 `overloaded` with Retry-After, so a client backs off instead of reading an outage.
 */
export class OverloadedError extends AppError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { status: 503, code: 'overloaded', retriable: false, cause: opts.cause });
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super(message, { status: 500, code: 'config' });
  }
}

export const isRetriable = (error: unknown): boolean => error instanceof AppError && error.retriable;
