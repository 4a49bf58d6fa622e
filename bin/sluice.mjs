#!/usr/bin/env node
// The `sluice` command as installed (package.json "bin"), in plain JavaScript so it needs no build tool to start.
// It runs the compiled CLI (dist/bin/sluice.js) when there is no TypeScript source beside it (an installed
// package) or when NODE_ENV=production and a build exists; otherwise, in a development checkout, it runs
// bin/sluice.ts through tsx, so no build step is needed there. The launcher picks the same way for the processes
// it starts (infra/native/components/apps.ts).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/bin/sluice.js', import.meta.url);
const source = new URL('./sluice.ts', import.meta.url);

if (existsSync(compiled) && (!existsSync(source) || process.env.NODE_ENV === 'production')) {
  await import(compiled.href);
} else if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  console.error('sluice: the compiled command (dist/bin/sluice.js) is missing: run `npm run build`');
  process.exitCode = 1;
}
