// How the launcher starts Sluice's processes: tsx in development, compiled JavaScript in production or when the
// launcher itself is the compiled, installed command.
import { appRuntime, type CodeLocation } from './apps.js';
import { commandConfigSchema } from '../../../api/command/config.js';
import { opsConfigSchema } from '../../../api/ops/config.js';
import { queryConfigSchema } from '../../../api/query/config.js';
import { PROCESS_SECRETS, type SluiceProcess } from '../../../lib/processSecrets.js';
import { projectorSchema } from '../../../projector/operations.js';
import { SECRET_NAMES } from '../secrets.js';

const checkout: CodeLocation = { packageRoot: '/repo/', distRoot: '/repo/dist/', compiled: false };
const installed: CodeLocation = { packageRoot: '/pkg/', distRoot: '/pkg/dist/', compiled: true };
const files = (...paths: string[]) => (path: string) => paths.includes(path);
const entry = 'api/command/main.ts';

describe('appRuntime', () => {
  it('runs the TypeScript through tsx in development, even when a build exists', () => {
    const runtime = appRuntime(entry, {}, checkout, files('/repo/api/command/main.ts', '/repo/dist/api/command/main.js'));
    expect(runtime).toEqual({ mode: 'tsx', args: ['--import', 'tsx', '/repo/api/command/main.ts'] });
  });

  it('runs node dist/... with NODE_ENV=production when the build exists', () => {
    const runtime = appRuntime(entry, { NODE_ENV: 'production' }, checkout, files('/repo/api/command/main.ts', '/repo/dist/api/command/main.js'));
    expect(runtime).toEqual({ mode: 'compiled', args: ['--enable-source-maps', '/repo/dist/api/command/main.js'] });
  });

  it('falls back to tsx, with a warning, when NODE_ENV=production finds no build', () => {
    const runtime = appRuntime(entry, { NODE_ENV: 'production' }, checkout, files('/repo/api/command/main.ts'));
    expect(runtime?.mode).toBe('tsx');
    expect(runtime?.warning).toMatch(/npm run build/);
  });

  it('runs compiled code when the launcher itself is compiled (the installed package has no sources)', () => {
    const runtime = appRuntime(entry, {}, installed, files('/pkg/dist/api/command/main.js'));
    expect(runtime).toEqual({ mode: 'compiled', args: ['--enable-source-maps', '/pkg/dist/api/command/main.js'] });
  });

  it('leaves out an entry point that exists in neither form', () => {
    expect(appRuntime('api/nothing/main.ts', { NODE_ENV: 'production' }, checkout, files())).toBeUndefined();
  });
});

describe('each process gets exactly the secrets its configuration reads', () => {
  const schemas: Record<SluiceProcess, { shape: Record<string, unknown> }> = {
    'command-api': commandConfigSchema, projector: projectorSchema, 'query-api': queryConfigSchema, ops: opsConfigSchema,
  };
  it.each(Object.keys(schemas) as SluiceProcess[])('%s', (name) => {
    const reads = Object.keys(schemas[name].shape).filter((key) => SECRET_NAMES.includes(key));
    expect([...PROCESS_SECRETS[name]].sort()).toEqual(reads.sort());
  });
});
