// The restart policy for crashes kafkajs gives up on (docs/reliability.md T06x5): a consumer that crashed on a
// non-retriable error (a SASL failure while a broker starts) is started again, with a growing pause, until stopped.
// The consumer here is a stand-in for kafkajs's event surface only; T06x5 shows the same against a real broker.
import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { waitFor } from '../../../lib/waitFor.js';
import { superviseConsumer } from './supervise.js';

function standIn() {
  const emitter = new EventEmitter();
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
    disconnect: async () => undefined,
  } as unknown as Consumer;
  const crash = (restart: boolean) =>
    emitter.emit('consumer.crash', { payload: { error: new Error('SASL authentication failed'), restart } });
  return { consumer, crash };
}

describe('superviseConsumer', () => {
  it('starts again a consumer that kafkajs will not restart, and reports each crash', async () => {
    const { consumer, crash } = standIn();
    let runs = 0;
    const crashes: boolean[] = [];
    const s = superviseConsumer(consumer, async () => void runs++, {
      backoffMs: { first: 1, max: 4 },
      onCrash: (_e, restarting) => crashes.push(restarting),
    });
    await s.start();
    crash(false);
    await waitFor(() => runs === 2, { timeoutMs: 5_000, intervalMs: 5, description: 'a second start' });
    crash(false);
    await waitFor(() => runs === 3, { timeoutMs: 5_000, intervalMs: 5, description: 'a third start' });
    expect(crashes).toEqual([true, true]);
    await s.stop();
  });

  it('leaves the restart to kafkajs when kafkajs restarts it itself', async () => {
    const { consumer, crash } = standIn();
    let runs = 0;
    const s = superviseConsumer(consumer, async () => void runs++, { backoffMs: { first: 1, max: 1 } });
    await s.start();
    crash(true);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await s.stop();
    expect(runs).toBe(1);
  });

  it('keeps trying while a restart itself fails, and stops trying once stopped', async () => {
    const { consumer, crash } = standIn();
    let runs = 0;
    const told: boolean[] = [];
    const s = superviseConsumer(
      consumer,
      async () => {
        runs++;
        if (runs > 1 && runs < 4) throw new Error('broker not ready');
      },
      { backoffMs: { first: 1, max: 2 }, onCrash: (_e, restarting) => told.push(restarting) },
    );
    await s.start();
    crash(false);
    await waitFor(() => runs >= 4, {
      timeoutMs: 5_000,
      intervalMs: 5,
      description: 'a start that succeeds after two failures',
    });
    await s.stop();
    crash(false);
    expect(told).toEqual([true, true, true, false]);
  });
});
