// Monitoring in docker-compose.yml: the Grafana dashboard queries only metrics the Sluice processes export (and
// promtool parses every query), its datasource is the provisioned Prometheus, and prometheus.yml scrapes exactly
// the four Sluice processes of the Compose file, by service name and the port each listens on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { exportedMetrics, metricsIn } from '../prometheus/exportedMetrics.js';
import { runPromtool, skipPromtool } from '../prometheus/promtool.js';

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
  panels?: Panel[];
}
interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
}

const dashboard = JSON.parse(read('infra/grafana/dashboards/sluice.json')) as { uid: string; panels: Panel[] };
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const datasources = (parse(read('infra/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string; type: string }[] }).datasources;
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const scrape = (parse(read('infra/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] }).scrape_configs;

describe('metricsIn', () => {
  it('finds the metric names of an expression and nothing else', () => {
    const expr = 'histogram_quantile(0.99, sum by (le, stage) (rate(a_seconds_bucket{job="x",le!="1"}[5m]))) > 1 and on() max(b_total offset 5m) or vector(0)';
    expect(metricsIn(expr)).toEqual(['a_seconds', 'b_total']);
  });
});

describe('the Grafana dashboard', () => {
  const exported = exportedMetrics();

  it('has the panels operators look at', () => {
    const all = queries.map((q) => q.expr).join('\n');
    for (const metric of ['sluice_projector_stage_seconds_bucket', 'sluice_ops_consumer_lag', 'sluice_ops_dirty_backlog', 'sluice_projector_dead_lettered_total', 'sluice_ops_slot_retained_wal_bytes', 'http_requests_total', 'http_request_duration_seconds_bucket'])
      expect(all).toContain(metric);
    for (const job of ['sluice-command-api', 'sluice-query-api']) expect(all).toContain(`job="${job}"`);
    expect(all).toMatch(/histogram_quantile\(0\.5, sum by \(le, stage\) \(rate\(sluice_projector_stage_seconds_bucket/);
    expect(all).toMatch(/histogram_quantile\(0\.99, sum by \(le, stage\) \(rate\(sluice_projector_stage_seconds_bucket/);
  });

  it('queries only metrics that the processes export', () => {
    expect(queries.length).toBeGreaterThan(15);
    const unknown = queries.flatMap((q) => metricsIn(q.expr).filter((m) => !exported.has(m)).map((m) => `${q.panel}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('reads every panel from the provisioned Prometheus', () => {
    const prometheus = datasources.find((d) => d.type === 'prometheus');
    expect(prometheus?.url).toBe('http://prometheus:9090');
    const uids = panels.flatMap((p) => [p.datasource?.uid, ...(p.targets ?? []).map((t) => t.datasource?.uid)]);
    expect(new Set(uids)).toEqual(new Set([prometheus?.uid]));
  });

  (skipPromtool ? it.skip : it)(`has queries promtool parses${skipPromtool ? ' (SKIPPED: SLUICE_SKIP_PROMTOOL=1)' : ''}`, () => {
    // Each query as a recording rule: `promtool check rules` parses the PromQL.
    const dir = mkdtempSync(join(tmpdir(), 'sluice-dashboard-'));
    try {
      const rules = queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr }));
      writeFileSync(join(dir, 'dashboard.rules.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const result = runPromtool(['check', 'rules', 'dashboard.rules.yml'], dir);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Prometheus and Grafana in docker-compose.yml', () => {
  /** The Sluice processes: the services running one of the compiled main modules. */
  const processes = Object.entries(compose.services).filter(([, s]) => (s.command ?? []).some((arg) => /^dist\/.+\/main\.js$/.test(arg)));

  it('scrapes each of the four Sluice processes by its service name and the port it listens on', () => {
    expect(processes.map(([name]) => name).sort()).toEqual(['command-api', 'ops', 'projector', 'query-api']);
    const targets = scrape.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    // HEALTH_PORT is the port the process serves /health and /metrics on (the image's health check uses it).
    const expected = processes.map(([name, s]) => `${name}:${String(s.environment?.['HEALTH_PORT'])}`);
    expect(targets.sort()).toEqual(expected.sort());
  });

  it('runs Prometheus on prometheus.yml and alerts.yml, and Grafana on the provisioning and the dashboard', () => {
    const prometheus = compose.services['prometheus'];
    expect(prometheus?.volumes).toContain('./infra/prometheus:/etc/prometheus:ro');
    expect(prometheus?.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(prometheus?.ports).toContain('127.0.0.1:9090:9090');
    const grafana = compose.services['grafana'];
    expect(grafana?.volumes).toEqual(expect.arrayContaining(['./infra/grafana/provisioning:/etc/grafana/provisioning:ro', './infra/grafana/dashboards:/etc/grafana/dashboards:ro']));
    const provider = parse(read('infra/grafana/provisioning/dashboards/sluice.yml')) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]?.options.path).toBe('/etc/grafana/dashboards');
  });
});
