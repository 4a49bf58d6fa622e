// `sluice apply` run from a checkout whose SLUICE_HOME is not the running stack's: the launcher there has no process
// of its own, so the restarts are returned as undone (apply then fails) and the home is named, never "applied".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartApps } from './restarts.js';

describe('restarting the Sluice processes after apply', () => {
  const home = mkdtempSync(join(tmpdir(), 'sluice-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('returns every restart as undone and names SLUICE_HOME when no process runs under that home', async () => {
    const lines: string[] = [];
    const undone = await restartApps(['projector', 'query-api', 'ops'], { env: { SLUICE_HOME: home }, say: (l) => lines.push(l), restart: true });
    expect(undone).toEqual(['projector', 'query-api', 'ops']);
    expect(lines.join('\n')).toContain(`not running under SLUICE_HOME=${home}: projector, query-api, ops`);
  });

  it('leaves nothing undone when asked only for the order (--no-restart)', async () => {
    const lines: string[] = [];
    expect(await restartApps(['projector', 'ops'], { env: { SLUICE_HOME: home }, say: (l) => lines.push(l), restart: false })).toEqual([]);
    expect(lines).toEqual([expect.stringContaining('restart, in this order: projector, then ops')]);
  });
});
