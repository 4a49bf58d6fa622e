// The Prometheus alert rules: every rule is complete (for, severity, summary, a runbook description), names only
// metrics the code exports and jobs prometheus.yml scrapes; and, where promtool is installed, promtool accepts
// the rules and the configuration and the rule unit tests (alerts.test.yml) pass.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const read = (file: string): string => readFileSync(here(file), 'utf8');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (parse(read('./alerts.yml')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const config = parse(read('./prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string }[] };

/** Metric names the processes register (prom-client `name:` fields, named constants and the ops gauge table). */
const exported = new Set(
  ['../../projector/metrics.ts', '../../api/ops/promMetrics.ts', '../../api/http/observability.ts'].flatMap((file) =>
    [...read(file).matchAll(/(?:name: |\[|= )'((?:sluice|http)_[a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
  ),
);
const SUFFIXES = /_(bucket|count|sum)$/;
const metricsIn = (expr: string): string[] => [...expr.matchAll(/\b((?:sluice|http)_[a-z0-9_]+)/g)].map((m) => (m[1] ?? '').replace(SUFFIXES, ''));

describe('alerts.yml', () => {
  it('has rules', () => {
    expect(rules.length).toBeGreaterThan(10);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s has for, a severity, a summary and a runbook description', (_name, rule) => {
    expect(rule.for).toMatch(/^\d+[smh]$/);
    expect(['critical', 'warning', 'info']).toContain(rule.labels?.['severity']);
    expect(rule.annotations?.['summary']?.length).toBeGreaterThan(10);
    expect(rule.annotations?.['description']?.length).toBeGreaterThan(100);
  });

  it('names only metrics that the processes export', () => {
    expect(exported.size).toBeGreaterThan(20);
    const unknown = rules.flatMap((r) => metricsIn(r.expr).filter((m) => !exported.has(m)).map((m) => `${r.alert}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('selects only jobs that prometheus.yml scrapes, and prometheus.yml loads the rules', () => {
    const jobs = new Set(config.scrape_configs.map((s) => s.job_name));
    const named = rules.flatMap((r) => [...r.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1] ?? ''));
    expect(named.filter((job) => !jobs.has(job))).toEqual([]);
    expect(config.rule_files).toContain('alerts.yml');
  });
});

// promtool is not an npm package: install it (Debian: `apt-get install prometheus`, or its promtool binary alone)
// or point PROMTOOL at it. Without it these checks are skipped, and the test names say so.
const promtool = process.env['PROMTOOL'] ?? 'promtool';
const hasPromtool = spawnSync(promtool, ['--version'], { stdio: 'ignore' }).status === 0;
const skipped = hasPromtool ? '' : ' (SKIPPED: promtool is not installed; set PROMTOOL or install prometheus)';

describe(`promtool${skipped}`, () => {
  const run = (...args: string[]): { status: number | null; output: string } => {
    const result = spawnSync(promtool, args, { cwd: here('./'), encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const maybe = hasPromtool ? it : it.skip;

  maybe('check rules accepts alerts.yml', () => {
    const result = run('check', 'rules', 'alerts.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  maybe('check config accepts prometheus.yml', () => {
    const result = run('check', 'config', 'prometheus.yml');
    expect(result.status).toBe(0);
  });

  maybe('test rules passes alerts.test.yml', () => {
    const result = run('test', 'rules', 'alerts.test.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
