// The Prometheus alert rules: every rule is complete (for, severity, summary, a runbook description), names only
// metrics the code exports and jobs prometheus.yml scrapes, and fires in at least one case of alerts.test.yml;
// and promtool (Debian's, unpacked by infra/native/ensureInstalled.mjs) accepts the rules and the configuration
// and the rule unit tests (alerts.test.yml) pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { exportedMetrics, metricsIn } from './exportedMetrics.js';
import { runPromtool, skipPromtool } from './promtool.js';

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
const config = parse(read('./prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; authorization?: { credentials_file?: string } }[] };

const exported = exportedMetrics();

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

  it('sends the ops key with every scrape: /metrics answers 401 without one', () => {
    expect(config.scrape_configs.filter((s) => s.authorization?.credentials_file !== '/run/secrets/sluice_ops_key').map((s) => s.job_name)).toEqual([]);
  });

  it('selects only jobs that prometheus.yml scrapes, and prometheus.yml loads the rules', () => {
    const jobs = new Set(config.scrape_configs.map((s) => s.job_name));
    const named = rules.flatMap((r) => [...r.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1] ?? ''));
    expect(named.filter((job) => !jobs.has(job))).toEqual([]);
    expect(config.rule_files).toContain('alerts.yml');
  });
});

interface RuleTest {
  name: string;
  alert_rule_test?: { alertname: string; exp_alerts: { exp_labels?: Record<string, string> }[] }[];
}
const ruleTests = (parse(read('./alerts.test.yml')) as { tests: RuleTest[] }).tests;
/** Alert name -> the labels of every alert some test case expects it to fire with. */
const firing = new Map<string, Record<string, string>[]>();
for (const t of ruleTests)
  for (const c of t.alert_rule_test ?? []) firing.set(c.alertname, [...(firing.get(c.alertname) ?? []), ...c.exp_alerts.map((a) => a.exp_labels ?? {})]);

describe('alerts.test.yml', () => {
  it.each(rules.map((r) => [r.alert] as const))('has a case in which %s fires', (name) => {
    expect(firing.get(name)?.length ?? 0).toBeGreaterThan(0);
  });

  // What the deployment must be warned about, by the alert that covers it.
  it.each([
    ['the slot retaining WAL', 'SluiceSlotRetainedWalHigh', {}],
    ['the slot about to lose WAL', 'SluiceSlotNearWalLoss', {}],
    ['the slot inactive', 'SluiceReplicationSlotInactive', {}],
    ['the connector or a task not RUNNING', 'SluiceConnectorNotRunning', {}],
    ['consumer lag', 'SluiceConsumerLagHigh', {}],
    ['the dirty backlog', 'SluiceDirtyBacklogHigh', {}],
    ['freshness p99 over budget', 'SluiceFreshnessDegraded', { quantile: '0.99' }],
    ['freshness p99 far over budget', 'SluiceFreshnessFailing', { quantile: '0.99' }],
    ['dead letters', 'SluiceDeadLetters', {}],
    ['the projector down', 'SluiceProcessDown', { job: 'sluice-projector' }],
    ['the projector consuming nothing', 'SluiceProjectorNotConsuming', {}],
  ])('covers %s: %s fires in a test case', (_what, alert, labels) => {
    expect(rules.map((r) => r.alert)).toContain(alert);
    expect(firing.get(alert) ?? []).toContainEqual(expect.objectContaining(labels));
  });
});

// promtool: see ./promtool.ts (Debian's, unpacked into .infra/tools; fails without it unless SLUICE_SKIP_PROMTOOL=1).
describe(`promtool${skipPromtool ? ' (SKIPPED: SLUICE_SKIP_PROMTOOL=1)' : ''}`, () => {
  const run = (...args: string[]) => runPromtool(args, here('./'));
  const maybe = skipPromtool ? it.skip : it;

  maybe('check rules accepts alerts.yml', () => {
    const result = run('check', 'rules', 'alerts.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  // --syntax-only: the ops key file each job reads exists only where Prometheus runs (a Compose secret).
  maybe('check config accepts prometheus.yml', () => {
    const result = run('check', 'config', '--syntax-only', 'prometheus.yml');
    expect(result.status).toBe(0);
  });

  maybe('test rules passes alerts.test.yml', () => {
    const result = run('test', 'rules', 'alerts.test.yml');
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
