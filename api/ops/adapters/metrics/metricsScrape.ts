// End-to-end freshness and routing figures come from the projector's own Prometheus endpoint: the histogram of
// source commit time to Elasticsearch acknowledgement, how row changes were routed, and which projections are
// frozen (their live mapping differs from the code, so the projector does not write them). Scraping it keeps the ops
// service free of any projector internals.
import type { FrozenProjection, Histogram, RoutingScrape, StageHistograms } from '../../lag/sample.js';
import { parseHistogram, parseSamples } from './prometheusText.js';

export const COMMIT_TO_INDEXED = 'sluice_projector_commit_to_indexed_seconds';
export const CHANGES_ROUTED = 'sluice_projector_changes_routed_total';
export const DOCUMENTS_PER_CHANGE = 'sluice_projector_documents_per_change';
export const BEFORE_IMAGES = 'sluice_projector_table_before_images';
export const STAGE_SECONDS = 'sluice_projector_stage_seconds';
/** projector/metrics.ts PROJECTION_FROZEN: 1 per frozen projection. */
export const PROJECTION_FROZEN = 'sluice_projector_projection_frozen';
/** projector/metrics.ts PROJECTION_FROZEN_INFO: the live index and the mapping difference, while frozen. */
export const PROJECTION_FROZEN_INFO = 'sluice_projector_projection_frozen_info';
/** The stages in pipeline order (projector/metrics.ts). */
export const STAGES_IN_ORDER = ['captured', 'resolved', 'hydrated', 'indexed', 'searchable'] as const;

export function stagesFrom(text: string, url: string): StageHistograms {
  if (!parseHistogram(text, STAGE_SECONDS)) throw notProjector(url, STAGE_SECONDS);
  return STAGES_IN_ORDER.map((stage) => ({ stage, histogram: parseHistogram(text, STAGE_SECONDS, { stage }) ?? { buckets: [], count: 0, sum: 0 } }));
}

export function createStagesProbe(metricsUrl: string, options: ScrapeOptions = {}) {
  return async (): Promise<StageHistograms> => stagesFrom(await scrape(metricsUrl, options), metricsUrl);
}

/** How a probe reaches the projector's /metrics: `key` is an API key with the ops scope, which it requires. */
export interface ScrapeOptions {
  timeoutMs?: number;
  key?: string | undefined;
}

async function scrape(metricsUrl: string, { timeoutMs = 2_000, key }: ScrapeOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs), ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}) });
  } catch (error) {
    throw new Error(`projector metrics unreachable at ${metricsUrl} (is the projector running?)`, { cause: error });
  }
  if (response.status === 401 || response.status === 403) throw new Error(`projector metrics answered ${response.status} at ${metricsUrl}: set PROJECTOR_METRICS_KEY to a key with the ops scope the projector accepts`);
  if (!response.ok) throw new Error(`projector metrics answered ${response.status} at ${metricsUrl}`);
  return response.text();
}

const notProjector = (url: string, metric: string) => new Error(`${url} exports no ${metric}: is it the projector?`);

export function routingFrom(text: string, url: string): RoutingScrape {
  const images = parseSamples(text, BEFORE_IMAGES);
  const routed = parseSamples(text, CHANGES_ROUTED);
  const perChange = parseHistogram(text, DOCUMENTS_PER_CHANGE);
  if (!images.seen || !routed.seen || !perChange) throw notProjector(url, images.seen ? CHANGES_ROUTED : BEFORE_IMAGES);
  const decisions = new Map<string, { table: string; routed: number; skipped: number }>();
  for (const { labels, value } of routed.samples) {
    const table = labels['table'] ?? '?';
    const entry = decisions.get(table) ?? { table, routed: 0, skipped: 0 };
    if (labels['outcome'] === 'skipped') entry.skipped += value;
    else entry.routed += value;
    decisions.set(table, entry);
  }
  return {
    tables: images.samples.map(({ labels, value }) => ({ table: labels['table'] ?? '?', identity: labels['identity'] ?? '?', beforeImages: value === 1 })),
    decisions: [...decisions.values()].sort((a, b) => a.table.localeCompare(b.table)),
    documentsPerChange: perChange,
  };
}

export function createProjectorMetricsProbe(metricsUrl: string, options: ScrapeOptions = {}) {
  return async (): Promise<Histogram> => {
    const histogram = parseHistogram(await scrape(metricsUrl, options), COMMIT_TO_INDEXED);
    // A projector that has written nothing yet still exports the histogram; its absence means another process.
    if (!histogram) throw notProjector(metricsUrl, COMMIT_TO_INDEXED);
    return histogram;
  };
}

export function createRoutingProbe(metricsUrl: string, options: ScrapeOptions = {}) {
  return async (): Promise<RoutingScrape> => routingFrom(await scrape(metricsUrl, options), metricsUrl);
}

/**
 * The projections whose frozen gauge is 1, with the index and difference of their info series. A projector too old
 * to export the gauge freezes nothing visibly, as before it existed: an empty list, not an error (the other scrapes
 * already say when the projector is unreachable); one without the info series gives the names alone.
 */
export function frozenFrom(text: string): FrozenProjection[] {
  const info = parseSamples(text, PROJECTION_FROZEN_INFO).samples.filter((s) => s.value === 1);
  return parseSamples(text, PROJECTION_FROZEN)
    .samples.filter((s) => s.value === 1)
    .map((s) => s.labels['projection'] ?? '?')
    .sort()
    .map((projection) => {
      const labels = info.find((i) => i.labels['projection'] === projection)?.labels;
      // The declared version names the command (model/frozen.ts); a projector that does not export it gets the plain one.
      const declared = Number(labels?.['declared'] ?? Number.NaN);
      return { projection, index: labels?.['index'] ?? null, difference: labels?.['difference'] ?? null, ...(Number.isInteger(declared) ? { declared } : {}) };
    });
}

export function createFrozenProbe(metricsUrl: string, options: ScrapeOptions = {}) {
  return async (): Promise<FrozenProjection[]> => frozenFrom(await scrape(metricsUrl, options));
}
