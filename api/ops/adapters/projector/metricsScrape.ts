// End-to-end freshness comes from the projector's own Prometheus endpoint: the histogram of source commit time to
// Elasticsearch acknowledgement. Scraping it keeps the ops service free of any projector internals.
import type { Histogram } from '../../model.js';
import { parseHistogram } from '../../prometheusText.js';

export const COMMIT_TO_INDEXED = 'sluice_projector_commit_to_indexed_seconds';

export function createProjectorMetricsProbe(metricsUrl: string, timeoutMs = 2_000) {
  return async (): Promise<Histogram> => {
    let response: Response;
    try {
      response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Error(`projector metrics unreachable at ${metricsUrl} (is the projector running?)`, { cause: error });
    }
    if (!response.ok) throw new Error(`projector metrics answered ${response.status} at ${metricsUrl}`);
    const histogram = parseHistogram(await response.text(), COMMIT_TO_INDEXED);
    // A projector that has written nothing yet still exports the histogram; its absence means another process.
    if (!histogram) throw new Error(`${metricsUrl} exports no ${COMMIT_TO_INDEXED}: is it the projector?`);
    return histogram;
  };
}
