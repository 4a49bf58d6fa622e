// Reports: validated parameters -> Elasticsearch request bodies, and the aggregation result -> response. Pure.
// Revenue counts paid or shipped orders (docs/http-api.md). The number of date buckets is bounded before anything
// is sent (T36); group terms are bounded too, so the worst case stays far below search.max_buckets.
import { z } from 'zod';
import type { Body } from '../list.js';
import { consistencyParams, isoTime, topSize } from '../params.js';

export const MAX_DATE_BUCKETS = 1000;
export const MAX_GROUPS = 20;
const REVENUE = { terms: { status: ['paid', 'shipped'] } };
const INTERVAL_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 } as const;

/** An upper bound of the buckets date_histogram creates for [from, to). Months are counted as 28 days. */
export const bucketCount = (from: string, to: string, interval: keyof typeof INTERVAL_MS): number =>
  Math.ceil((Date.parse(to) - Date.parse(from)) / INTERVAL_MS[interval]) + 1;

export const salesSchema = z
  .strictObject({
    from: isoTime,
    to: isoTime,
    interval: z.enum(['hour', 'day', 'week', 'month']),
    groupBy: z.enum(['category', 'status']).optional(),
    ...consistencyParams,
  })
  .refine((p) => Date.parse(p.to) > Date.parse(p.from), { message: 'to must be after from', path: ['to'] })
  .refine((p) => bucketCount(p.from, p.to, p.interval) <= MAX_DATE_BUCKETS, {
    message: `at most ${MAX_DATE_BUCKETS} buckets: choose a larger interval or a shorter range`,
    path: ['interval'],
  });

export type SalesParams = z.output<typeof salesSchema>;

const revenueSum = (field: string): Body => ({ filter: REVENUE, aggs: { cents: { sum: { field } } } });

function groupAggs(groupBy: SalesParams['groupBy']): Body {
  if (groupBy === 'status') return { groups: { terms: { field: 'status', size: 4 }, aggs: { revenue: revenueSum('totalCents') } } };
  if (groupBy === 'category') {
    // An order counts once in each of its categories; category revenue is the sum of that category's lines.
    const byCategory = { terms: { field: 'lines.category', size: MAX_GROUPS }, aggs: { cents: { sum: { field: 'lines.lineTotalCents' } } } };
    return {
      groups: { terms: { field: 'categories', size: MAX_GROUPS } },
      categoryRevenue: { filter: REVENUE, aggs: { lines: { nested: { path: 'lines' }, aggs: { byCategory } } } },
    };
  }
  return {};
}

export function buildSalesReport(p: SalesParams): Body {
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const histogram = {
    field: 'placedAt', calendar_interval: p.interval, time_zone: 'UTC', min_doc_count: 0,
    extended_bounds: { min: from, max: to - 1 }, hard_bounds: { min: from, max: to - 1 },
  };
  return {
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ range: { placedAt: { gte: from, lt: to, format: 'epoch_millis' } } }] } },
    aggs: { sales: { date_histogram: histogram, aggs: { revenue: revenueSum('totalCents'), ...groupAggs(p.groupBy) } } },
  };
}

interface Bucket {
  key?: unknown;
  key_as_string?: string;
  doc_count: number;
  revenue?: { cents?: { value: number | null } };
  groups?: { buckets: Bucket[] };
  categoryRevenue?: { lines?: { byCategory?: { buckets: (Bucket & { cents?: { value: number | null } })[] } } };
}

const cents = (v: { value: number | null } | undefined): number => Math.round(v?.value ?? 0);

function groupsOf(b: Bucket, groupBy: SalesParams['groupBy']) {
  if (!groupBy || !b.groups) return undefined;
  const lineRevenue = new Map((b.categoryRevenue?.lines?.byCategory?.buckets ?? []).map((c) => [String(c.key), cents(c.cents)]));
  return b.groups.buckets.map((g) => ({
    key: String(g.key),
    orders: g.doc_count,
    revenueCents: groupBy === 'status' ? cents(g.revenue?.cents) : (lineRevenue.get(String(g.key)) ?? 0),
  }));
}

export function salesReportOf(aggregations: Record<string, unknown>, p: SalesParams) {
  const buckets = ((aggregations['sales'] as { buckets?: Bucket[] } | undefined)?.buckets ?? []).map((b) => {
    const groups = groupsOf(b, p.groupBy);
    return { start: new Date(Number(b.key)).toISOString(), orders: b.doc_count, revenueCents: cents(b.revenue?.cents), ...(groups ? { groups } : {}) };
  });
  return { buckets };
}

export const topCustomersSchema = z.strictObject({ size: topSize, ...consistencyParams });
export const topProductsSchema = z.strictObject({ by: z.enum(['revenue', 'units']).default('revenue'), size: topSize, ...consistencyParams });

export type TopCustomersParams = z.output<typeof topCustomersSchema>;
export type TopProductsParams = z.output<typeof topProductsSchema>;

const top = (field: string, size: number): Body => ({
  size,
  track_total_hits: false,
  query: { match_all: {} },
  sort: [{ [field]: { order: 'desc' } }, { id: { order: 'asc' } }],
});

export const buildTopCustomers = (p: TopCustomersParams): Body => top('lifetimeValueCents', p.size);
export const buildTopProducts = (p: TopProductsParams): Body => top(p.by === 'revenue' ? 'revenueCents' : 'unitsSold', p.size);
