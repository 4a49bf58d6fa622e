// RFC 9457 problem details: the one place where errors become HTTP. AppErrors keep their status and code;
// body-parser errors keep their 4xx status; everything else is a 500 that reveals nothing.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, ValidationError, type FieldError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

export const PROBLEM_BASE = 'https://sluice.dev/problems/';

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  return { type: `${PROBLEM_BASE}${code}`, title: titles[status] ?? 'Error', status, detail, code, ...(errors ? { errors } : {}) };
}

export function sendProblem(res: Response, body: Problem): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

// body-parser signals client mistakes with `type` and a 4xx `status`; these are safe to describe.
const parserCodes: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'malformed-json', 'the request body is not valid JSON'],
  'entity.too.large': [413, 'body-too-large', 'the request body is too large'],
  'encoding.unsupported': [415, 'unsupported-encoding', 'the content encoding is not supported'],
  'charset.unsupported': [415, 'unsupported-charset', 'the charset is not supported; use utf-8'],
  'request.aborted': [400, 'request-aborted', 'the request was aborted'],
  'request.size.invalid': [400, 'request-size-invalid', 'the body length does not match Content-Length'],
};

export function toProblem(error: unknown): Problem {
  if (error instanceof ValidationError) return problem(error.status, error.code, error.message, error.errors);
  if (error instanceof AppError && error.status < 500) return problem(error.status, error.code, error.message);
  if (error instanceof AppError && error.status === 503) {
    return problem(503, error.code, error.code === 'overloaded' ? 'the service is overloaded; retry after the Retry-After delay' : 'a dependency is unavailable; retry later');
  }
  const parserType = (error as { type?: unknown } | null)?.type;
  const known = typeof parserType === 'string' ? parserCodes[parserType] : undefined;
  if (known) return problem(known[0], known[1], known[2]);
  return problem(500, 'internal', 'an internal error occurred');
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const body = toProblem(error);
    if (body.status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (body.status === 503) res.setHeader('Retry-After', '1');
    sendProblem(res, body);
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, problem(404, 'route-not-found', `no route for ${req.method} ${req.path}`));
};
