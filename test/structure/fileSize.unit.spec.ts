// The 200-line rule (docs/conventions.md): a production file that outgrows it is split by concern. Checked on every
// tracked source file of the programs, the contract and the tools that ship (tests, benchmarks and the fault suite
// are not production code).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PRODUCTION = ['api', 'bin', 'connectors', 'infra', 'lib', 'model', 'projector'];
const LIMIT = 200;

const isProductionSource = (path: string): boolean =>
  PRODUCTION.includes(path.split('/')[0] ?? '') && /\.(ts|js|mjs|cjs)$/.test(path) && !/\.spec\.ts$/.test(path);

const oversized = (files: ReadonlyArray<{ path: string; lines: number }>): string[] =>
  files.filter((f) => isProductionSource(f.path) && f.lines > LIMIT).map((f) => `${f.path}: ${f.lines} lines`);

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(isProductionSource);
const linesOf = (path: string): number => readFileSync(path, 'utf8').replace(/\n$/, '').split('\n').length;

describe('the 200-line rule', () => {
  it('holds for every production source file', () => {
    expect(oversized(tracked.map((path) => ({ path, lines: linesOf(path) })))).toEqual([]);
  });

  it('names a production file over the limit, and leaves tests and benchmarks alone', () => {
    expect(oversized([{ path: 'projector/big.ts', lines: 201 }, { path: 'projector/big.unit.spec.ts', lines: 900 }, { path: 'bench/big.ts', lines: 300 }, { path: 'lib/ok.ts', lines: 200 }])).toEqual(['projector/big.ts: 201 lines']);
  });
});
