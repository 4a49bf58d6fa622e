// Which `sluice` runs are started again with the capped heap: a verify of a table-built projection, once (the child
// it starts, already capped, runs the work), never an event-built verify nor any other command.
import { cappedArgs, isStreamingVerify, VERIFY_HEAP_FLAGS } from './cappedHeap.js';

const loader = ['--import', 'tsx'];
const argv = (...args: string[]): string[] => ['/usr/bin/node', '/app/bin/sluice.ts', ...args];

describe('the capped verify', () => {
  it('a table-built verify runs again with the same loader, the heap flags, the script and its arguments', () => {
    expect(cappedArgs(loader, argv('verify', 'orders', '--repair'))).toEqual([...loader, ...VERIFY_HEAP_FLAGS, '/app/bin/sluice.ts', 'verify', 'orders', '--repair']);
    expect(VERIFY_HEAP_FLAGS.some((flag) => flag.startsWith('--max-semi-space-size='))).toBe(true);
  });

  it('the child it starts (or a run the operator sized) runs the verify itself', () => {
    expect(cappedArgs([...loader, ...VERIFY_HEAP_FLAGS], argv('verify', 'orders'))).toBeUndefined();
    expect(cappedArgs(loader, argv('verify', 'orders'), '--max-semi-space-size=8')).toBeUndefined();
  });

  it('other commands, an event-built verify and an unknown name run as they are', () => {
    expect(isStreamingVerify(['verify', 'customers'])).toBe(true);
    expect(isStreamingVerify(['verify', 'order_timeline'])).toBe(false);
    expect(isStreamingVerify(['verify', 'nosuch'])).toBe(false);
    expect(isStreamingVerify(['rebuild', 'orders'])).toBe(false);
    expect(cappedArgs([], argv('status'))).toBeUndefined();
  });
});
