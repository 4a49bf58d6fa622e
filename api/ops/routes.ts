// The ops routes: the lag report, its chart history, the projections and the console's search box over them, and
// the console page itself (public HTML and assets; every figure it shows comes from the JSON routes, which need the
// ops scope).
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import { parseOrThrow } from '../http/fieldRules.js';
import type { CapacityReport } from './capacity/capacity.js';
import type { Monitor } from './lag/monitor.js';
import { searchParams, type SearchHit } from './search/opsSearch.js';

export interface OpsRoutesDeps {
  monitor: Pick<Monitor, 'current' | 'points'>;
  search: (q: string, projections: readonly string[], size: number) => Promise<SearchHit[]>;
  capacity: () => Promise<CapacityReport>;
  projections: readonly string[];
  access: RequestHandler[];
}

const consoleDir = fileURLToPath(new URL('./console/', import.meta.url));

// The page loads nothing from elsewhere and talks only to this origin.
const consoleHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

export function createOpsRoutes(deps: OpsRoutesDeps): Router {
  const router = Router();
  const params = searchParams(deps.projections);
  router.get('/ops/lag', ...deps.access, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.monitor.current());
  });
  router.get('/ops/history', ...deps.access, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ points: deps.monitor.points() });
  });
  // Measured on request, not in the background loop: sizes change slowly and _stats is not free.
  router.get('/ops/capacity', ...deps.access, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.capacity());
  });
  // The console's projection picker: the registered projections, so the page names none itself.
  router.get('/ops/projections', ...deps.access, (_req, res) => void res.json({ items: deps.projections }));
  router.get('/ops/search', ...deps.access, async (req, res) => {
    const { q, projection, size } = parseOrThrow(params, req.query, 'query string');
    const targets = projection === 'all' ? deps.projections : [projection];
    res.json({ items: await deps.search(q, targets, size) });
  });
  router.get('/console', consoleHeaders, (_req, res) => res.sendFile('index.html', { root: consoleDir }));
  router.use('/console', consoleHeaders, express.static(consoleDir, { index: false, redirect: false }));
  return router;
}
