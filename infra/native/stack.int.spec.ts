// The launcher's supervision, on real processes: `up` starts and waits for readiness, a second `up` is a
// no-op, `kill -9` shows as a crash with the log tail, `down` leaves no process behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Component } from './component.js';
import { httpOk } from './component.js';
import { createStackContext, loadStackConfig, type StackContext } from './context.js';
import { isRunning, readRecord } from './processes.js';
import { down, status, up } from './stack.js';
import { waitFor } from '../../lib/waitFor.js';
import { freePort } from '../../testkit/freePort.js';

const webServer = (name: string, port: number): Component => ({
  name,
  after: [],
  readyTimeoutMs: 10_000,
  address: () => `http://127.0.0.1:${port}`,
  prepare: async () => undefined,
  spawn: () => ({
    command: process.execPath,
    args: ['-e', `console.log('booting ${name}'); require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
  }),
  ready: async () => (await httpOk(`http://127.0.0.1:${port}/`)) !== undefined,
});

describe('native stack supervision', () => {
  let home: string;
  let ctx: StackContext;
  let component: Component;

  beforeEach(async () => {
    home = mkdtempSync(`${tmpdir()}/sluice-launcher-`);
    ctx = createStackContext(loadStackConfig({ SLUICE_HOME: home }), { runAs: undefined, javaHome: '', say: () => undefined, secretsFile: '/nonexistent/secrets.env' });
    component = webServer('web', await freePort());
  });
  afterEach(async () => {
    await down(ctx, [component]);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts a component once, waits until it is ready, and reports it running', async () => {
    expect(await up(ctx, [component])).toEqual(['web']);
    expect(await up(ctx, [component])).toEqual([]);

    const [web] = await status(ctx, [component]);
    expect(web).toMatchObject({ name: 'web', state: 'running', address: component.address(ctx) });
  });

  it('reports a component killed with SIGKILL as crashed, with the tail of its log', async () => {
    await up(ctx, [component]);
    const record = readRecord(ctx.layout.pidFile('web'));
    process.kill(record!.pid, 'SIGKILL');
    await waitFor(() => !isRunning(record), { timeoutMs: 5000 });

    const [web] = await status(ctx, [component]);
    expect(web?.state).toBe('crashed');
    expect(web?.logTail).toContain('booting web');
  });

  it('stops exactly the process group it started and leaves nothing behind', async () => {
    await up(ctx, [component]);
    const record = readRecord(ctx.layout.pidFile('web'));

    expect(await down(ctx, [component])).toEqual(['web']);
    expect(isRunning(record)).toBe(false);
    const [web] = await status(ctx, [component]);
    expect(web?.state).toBe('stopped');
  });

  it('refuses to start a component whose address another process already answers on', async () => {
    const other = mkdtempSync(`${tmpdir()}/sluice-launcher-other-`);
    const otherCtx = createStackContext(loadStackConfig({ SLUICE_HOME: other }), { runAs: undefined, javaHome: '', say: () => undefined, secretsFile: '/nonexistent/secrets.env' });
    try {
      await up(otherCtx, [component]);
      await expect(up(ctx, [component])).rejects.toThrow(/web is not running from .*, yet http:\/\/127\.0\.0\.1:\d+ already answers/);
      const [web] = await status(ctx, [component]);
      expect(web?.state).toBe('stopped');
    } finally {
      await down(otherCtx, [component]);
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('names a component that dies during start-up and shows why', async () => {
    const broken: Component = { ...component, name: 'broken', spawn: () => ({ command: process.execPath, args: ['-e', "console.error('port taken'); process.exit(3)"] }) };
    await expect(up(ctx, [broken])).rejects.toThrow(/broken exited during start-up[\s\S]*port taken/);
  });
});
