#!/usr/bin/env -S node --import tsx
// The `sluice` command: runs the stack on this machine and operates the pipeline. A verify of a table-built
// projection runs again in a child with a capped heap (cappedHeap.ts); that is decided before the commands are
// loaded, so that the parent, which only waits, stays small.
import { rerunWithCappedHeap } from './cappedHeap.js';

const code = await rerunWithCappedHeap();
if (code === undefined) await import('./commands.js');
else process.exitCode = code;
