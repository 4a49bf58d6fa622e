// 405 instead of 404 when the path exists under other methods, with the `Allow` header RFC 9110 section 15.5.6
// requires. Express matches routes but offers no "which methods does this path have?" lookup, so this walks the
// app's router stack with the router's own matchers (router 2: Layer#match, Route#methods). Run only for requests
// no route answered, after every route is mounted; nested routers are followed, other middleware is not a route.
import type { Express, RequestHandler } from 'express';
import { problem, sendProblem } from './problem.js';

interface Layer {
  match(path: string): boolean;
  /** The part of the path the layer matched, set by match(). */
  path?: string;
  route?: { methods: Record<string, boolean | undefined> };
  handle: { stack?: Layer[] };
}

function collectMethods(stack: readonly Layer[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    if (!layer.match(path)) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') into.add(method.toUpperCase());
    } else if (layer.handle.stack) {
      collectMethods(layer.handle.stack, path.slice(layer.path?.length ?? 0) || '/', into);
    }
  }
}

/** The methods the app's routes answer on `path`, HEAD included wherever GET is (Express answers it). */
export function allowedMethods(app: Express, path: string): string[] {
  const methods = new Set<string>();
  collectMethods((app.router as unknown as { stack: Layer[] }).stack, path, methods);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

export const methodNotAllowed =
  (app: Express): RequestHandler =>
  (req, res, next) => {
    const allow = allowedMethods(app, req.path);
    if (allow.length === 0) return next();
    res.setHeader('Allow', allow.join(', '));
    sendProblem(res, problem(405, 'method-not-allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}`));
  };
