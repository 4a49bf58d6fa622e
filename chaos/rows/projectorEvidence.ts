// What the projector-side rows read to show their fault took effect: the lines a fault hook writes to the
// projector's log, the projector's bulk item counters, and the members of its hydrate consumer group.
import { fileEnd, readFrom } from '../../lib/fileRange.js';
import { consumerGroups } from '../../lib/names.js';
import { loadProjectorConfig, settingsFrom } from '../../projector/operations.js';
import { testKafka } from '../../testkit/kafka.js';

/** Where a log file ends now, to read only what is written after. */
export const logEnd = fileEnd;

/** The lines written to a log file since `from`. */
export const logSince = (file: string, from: number): string[] => {
  const text = readFrom(file, from);
  return text === '' ? [] : text.split('\n');
};

export interface BulkFigures {
  sent: number;
  written: number;
  conflict: number;
  retry: number;
  dead: number;
  /** Retried items by their status: only 429 and 5xx may appear (and 404 index_not_found during an alias swap). */
  retryByStatus: Record<string, number>;
  /** Items of bulk requests refused as a whole, by the request's status ('' = no answer): outside the sum. */
  requestRetryByStatus: Record<string, number>;
}

/** 429s seen so far, on items or on whole bulk requests (a single-shard bulk is refused as a whole). */
export const tooMany = (f: BulkFigures): number => (f.retryByStatus['429'] ?? 0) + (f.requestRetryByStatus['429'] ?? 0);

/** sluice_projector_bulk_items_total summed over projections, from the projector's /metrics (ops scope). */
export async function scrapeBulk(env: Record<string, string | undefined> = process.env): Promise<BulkFigures> {
  // The projector's own setting and default, so the row reads the port the projector listens on.
  const url = `http://127.0.0.1:${loadProjectorConfig(env).PROJECTOR_METRICS_PORT}/metrics`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${env['CHAOS_OPS_KEY'] ?? 'dev-ops'}` }, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`projector metrics answered ${response.status}`);
  const figures: BulkFigures = { sent: 0, written: 0, conflict: 0, retry: 0, dead: 0, retryByStatus: {}, requestRetryByStatus: {} };
  for (const m of (await response.text()).matchAll(/^sluice_projector_bulk_items_total\{([^}]*)\} (\S+)$/gm)) {
    const labels = new Map([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l): [string, string] => [l[1] ?? '', l[2] ?? '']));
    const outcome = (labels.get('outcome') ?? '') as keyof Omit<BulkFigures, 'retryByStatus' | 'requestRetryByStatus'>;
    const status = labels.get('status') ?? '';
    const value = Number(m[2]);
    if (outcome in figures) figures[outcome] += value;
    if (outcome === 'retry') figures.retryByStatus[status] = (figures.retryByStatus[status] ?? 0) + value;
    if (labels.get('outcome') === 'request-retry') figures.requestRetryByStatus[status] = (figures.requestRetryByStatus[status] ?? 0) + value;
  }
  return figures;
}

/** Why the counters break bulk conservation or show a retry of an item that was not worth retrying; '' if none. */
export function bulkProblems(f: BulkFigures): string {
  const problems: string[] = [];
  const settled = f.written + f.conflict + f.retry + f.dead;
  if (f.sent !== settled) problems.push(`bulk items sent ${f.sent} != written ${f.written} + conflict ${f.conflict} + retry ${f.retry} + dead ${f.dead}`);
  const wrong = Object.keys(f.retryByStatus).filter((s) => s !== '429' && s !== '404' && !/^5\d\d$/.test(s));
  if (wrong.length > 0) problems.push(`items retried with status ${wrong.join(', ')}`);
  // '' and '0' are requests that got no HTTP answer (the client reports 0 for a socket closed under it): the
  // restarts of this row do that, and retrying them is right.
  const refused = Object.keys(f.requestRetryByStatus).filter((s) => s !== '' && s !== '0' && s !== '429' && !/^5\d\d$/.test(s));
  if (refused.length > 0) problems.push(`bulk requests retried after status ${refused.join(', ')}`);
  return problems.join('; ');
}

/** The member ids of the projector's hydrate group and the group's state. */
export async function hydrateMembers(env: Record<string, string | undefined> = process.env): Promise<{ state: string; members: string[] }> {
  const group = consumerGroups(settingsFrom(loadProjectorConfig(env)).groupPrefix).hydrate;
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    const g = groups[0];
    return { state: g?.state ?? 'Unknown', members: (g?.members ?? []).map((m) => m.memberId) };
  } finally {
    await admin.disconnect();
  }
}
