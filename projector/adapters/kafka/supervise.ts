// kafkajs restarts a crashed consumer only after an error it deems retriable. Around a broker restart it also
// crashes on errors it deems final: `KafkaJSNonRetriableError` once a refused connection has used up its retries,
// and a SASL authentication failure while the starting broker has not loaded its credentials yet. Each leaves the
// consumer down for good: its group has no member and lag grows for ever while the process looks alive (seen in
// docs/reliability.md T06x5). So a crash kafkajs will not restart is restarted here, with a capped exponential
// backoff, until the consumer is stopped; a wrong password keeps failing loudly in the log instead of going quiet.
import type { Consumer } from 'kafkajs';

export interface Supervision {
  /** Starts the consumer (connect, subscribe, run) and keeps it started until stop(). */
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Call when the consumer did useful work: the next restart waits the first pause again. */
  healthy: () => void;
}

export interface SupervisionOptions {
  /** Told about every crash; `restarting` is false only once the consumer was stopped. */
  onCrash?: (error: unknown, restarting: boolean) => void;
  backoffMs?: { first: number; max: number };
}

export function superviseConsumer(
  consumer: Consumer,
  run: () => Promise<void>,
  o: SupervisionOptions = {},
): Supervision {
  const backoff = o.backoffMs ?? { first: 1_000, max: 30_000 };
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const restartLater = () => {
    const pause = Math.min(backoff.max, backoff.first * 2 ** failures++);
    timer = setTimeout(() => {
      if (stopped) return;
      run().catch((error: unknown) => {
        o.onCrash?.(error, !stopped);
        if (!stopped) restartLater();
      });
    }, pause);
  };
  consumer.on(consumer.events.CRASH, (event) => {
    o.onCrash?.(event.payload.error, event.payload.restart || !stopped);
    if (!event.payload.restart && !stopped) restartLater();
  });
  return {
    start: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await consumer.disconnect();
    },
    healthy: () => void (failures = 0),
  };
}
