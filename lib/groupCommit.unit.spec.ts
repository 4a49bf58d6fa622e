import { createGroupCommit } from './groupCommit.js';

function rounds(opts = { maxItems: 100 }) {
  const seen: number[][] = [];
  const gates: Array<() => void> = [];
  const gc = createGroupCommit<number>(async (items) => {
    seen.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
  }, opts);
  const openNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { gc, seen, openNext };
}

describe('group commit', () => {
  it('merges submissions of the same turn into one round', async () => {
    const { gc, seen, openNext } = rounds();
    const done = Promise.all([gc.submit([1]), gc.submit([2, 3]), gc.submit([4])]);
    await openNext();
    await done;
    expect(seen).toEqual([[1, 2, 3, 4]]);
  });

  it('merges what arrives during a round into the next one, and resolves each caller after its own round', async () => {
    const { gc, seen, openNext } = rounds();
    let firstDone = false;
    const first = gc.submit([1]).then(() => void (firstDone = true));
    while (seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all([gc.submit([2]), gc.submit([3])]);
    expect(firstDone).toBe(false);
    await openNext();
    await first;
    await openNext();
    await later;
    expect(seen).toEqual([[1], [2, 3]]);
  });

  it('caps a round by whole submissions', async () => {
    const { gc, seen, openNext } = rounds({ maxItems: 3 });
    const done = Promise.all([gc.submit([1, 2]), gc.submit([3, 4]), gc.submit([5, 6, 7, 8])]);
    await openNext();
    await openNext();
    await openNext();
    await done;
    expect(seen).toEqual([[1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it('rejects every caller of a failed round and goes on with the next', async () => {
    let calls = 0;
    const gc = createGroupCommit<number>(async () => {
      if (calls++ === 0) throw new Error('bulk failed');
    }, { maxItems: 10 });
    const failed = Promise.allSettled([gc.submit([1]), gc.submit([2])]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(gc.submit([3])).resolves.toBeUndefined();
  });
});
