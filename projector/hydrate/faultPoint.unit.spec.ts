// The fault suite's hook (docs/reliability.md T01, T29): the setting's format, and that the hook fires once, at
// its point of the n-th chunk only.
import { faultHook, parseFault, type FaultActions } from './faultPoint.js';

const at = { topic: 'sluice.dirty.orders', partition: 2, offset: '41', marks: 7 };

function actions() {
  const done: string[] = [];
  const act: FaultActions = { say: (line) => done.push(line), kill: () => done.push('kill'), sleep: async (ms) => void done.push(`sleep ${ms}`) };
  return { act, done };
}

describe('SLUICE_FAULT', () => {
  it.each([
    ['none', { kind: 'none' }],
    ['rebuild-halfway', { kind: 'rebuild-halfway' }],
    ['after-bulk', { kind: 'kill', point: 'after-bulk', nth: 1 }],
    ['before-bulk:4', { kind: 'kill', point: 'before-bulk', nth: 4 }],
    ['slow-batch:45000', { kind: 'stall', ms: 45_000, nth: 1, minMarks: 0 }],
    ['slow-batch:45000:2', { kind: 'stall', ms: 45_000, nth: 2, minMarks: 0 }],
    ['slow-batch:20000:1:50', { kind: 'stall', ms: 20_000, nth: 1, minMarks: 50 }],
  ])('given %s, then it parses', (raw, spec) => expect(parseFault(raw)).toEqual(spec));

  it.each(['', 'after-bulk:0', 'after-bulk:x', 'after-bulk:1:2', 'after-bulk:1:2:3', 'slow-batch:1:1:x', 'slow-batch', 'slow-batch:-5', 'none:1', 'kill-everything'])(
    'given %j, then it is refused',
    (raw) => expect(parseFault(raw)).toBeUndefined(),
  );

  it('given none or rebuild-halfway, then the hydrate stage gets no hook at all', () => {
    expect(faultHook({ kind: 'none' }, actions().act)).toBeUndefined();
    expect(faultHook({ kind: 'rebuild-halfway' }, actions().act)).toBeUndefined();
  });

  it('given after-bulk:3, then it kills once, after the third bulk and never before one', async () => {
    const { act, done } = actions();
    const hook = faultHook(parseFault('after-bulk:3')!, act)!;
    for (let chunk = 1; chunk <= 5; chunk++) {
      await hook('before-bulk', at);
      await hook('after-bulk', at);
      if (chunk === 2) expect(done).toEqual([]);
    }
    expect(done).toEqual(['SLUICE_FAULT: SIGKILL at after-bulk of chunk 3 (sluice.dirty.orders/2@41, 7 marks)', 'kill']);
  });

  it('given slow-batch, then the first chunk stalls after its bulk for the time given, once', async () => {
    const { act, done } = actions();
    const hook = faultHook(parseFault('slow-batch:40000')!, act)!;
    await hook('before-bulk', at);
    expect(done).toEqual([]);
    await hook('after-bulk', at);
    await hook('after-bulk', at);
    expect(done.filter((d) => d.startsWith('sleep'))).toEqual(['sleep 40000']);
  });

  it('given slow-batch with a least size, then only a chunk that large counts and stalls', async () => {
    const { act, done } = actions();
    const hook = faultHook(parseFault('slow-batch:20000:1:50')!, act)!;
    await hook('after-bulk', { ...at, marks: 49 });
    expect(done).toEqual([]);
    await hook('after-bulk', { ...at, marks: 50 });
    expect(done.filter((d) => d.startsWith('sleep'))).toEqual(['sleep 20000']);
    expect(done[0]).toContain('50 marks');
  });
});
