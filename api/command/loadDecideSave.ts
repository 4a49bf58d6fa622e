// The one shape every command has: inside the runner's transaction, load (and lock) what the rules need, decide
// with the slice's pure rules, save the decided fact, and answer with the aggregate's id, its new version and the
// domain events (the runner appends them to the outbox and handles Idempotency-Key and the position token). A
// slice declares the four steps; the sequence is written only here. `Tx` stays generic so no driver is imported.
import type { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { defineCommand, type CommandDefinition, type CommandResult } from './commandDefinition.js';

export interface LoadDecideSave<Tx, S extends z.ZodType, State, Fact> {
  name: string;
  summary: string;
  schema: S;
  /** true: answered 201 Created. */
  creates: boolean;
  /** Reads and locks, in the slice's lock order, everything `decide` needs; throws NotFoundError (see `found`). */
  load: (tx: Tx, input: z.output<S>) => Promise<State>;
  /** The slice's pure rule: throws a ConflictError or NotFoundError, or returns the fact to write. */
  decide: (state: State, input: z.output<S>) => Fact;
  save: (tx: Tx, fact: Fact) => Promise<void>;
  /** The answer and the domain events of the fact, given the state it replaced. */
  answer: (fact: Fact, state: State) => CommandResult;
}

export function loadDecideSave<Tx, S extends z.ZodType, State, Fact>(command: LoadDecideSave<Tx, S, State, Fact>): CommandDefinition<Tx> {
  const { name, summary, schema, creates, load, decide, save, answer } = command;
  return defineCommand<Tx, S>({
    name,
    summary,
    schema,
    creates,
    handle: async (tx, input) => {
      const state = await load(tx, input);
      const fact = decide(state, input);
      await save(tx, fact);
      return answer(fact, state);
    },
  });
}

/** The aggregate a command names, or the 404 every slice answers when it does not exist. */
export function found<T>(aggregate: string, id: string, value: T | undefined): T {
  if (value === undefined) throw new NotFoundError(`${aggregate} ${id} does not exist`);
  return value;
}

/** `load` of a command that creates its aggregate from the input alone. */
export const nothingToLoad = async (): Promise<undefined> => undefined;
