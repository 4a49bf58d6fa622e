// The floors of docs/conventions.md, checked on the whole tree: no import cycle, lib/ and model/ at the bottom,
// nothing outside projector/ past its door, each API to itself. The rules are .dependency-cruiser.cjs; the fixture
// loop shows the check can fail.
import { spawnSync } from 'node:child_process';

const FOLDERS = ['api', 'bin', 'bench', 'chaos', 'connectors', 'infra', 'lib', 'model', 'projector', 'testkit', 'test'];

function cruise(paths: readonly string[], extra: readonly string[] = []): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...extra, ...paths], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the import graph', () => {
  it('keeps every floor rule and has no cycle', () => {
    const { status, output } = cruise(FOLDERS);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('reports an import loop as a violation of no-cycle', () => {
    // The fixtures are left out of the tree's check; cruised on their own, under a config that keeps them in.
    const { status, output } = cruise(['test/structure/fixtures/cycle'], ['--exclude', '^node_modules']);
    expect(output).toContain('no-cycle');
    expect(output).toContain('test/structure/fixtures/cycle/a.ts');
    expect(status).not.toBe(0);
  });
});
