// What the runner needs of a command: its name (the URL), its body schema, whether it creates an aggregate, and
// the handler that runs inside the command's single transaction. Slices do not write handlers by hand: they
// declare load, decide, save and answer, and loadDecideSave.ts builds the handler. `Tx` stays generic so this file
// imports no driver.
import type { z } from 'zod';
import type { DomainEvent } from '../events/schemas.js';

export interface CommandResult {
  id: string;
  version: number;
  /** The domain events this command decided; the runner appends them to the outbox in the same transaction. */
  events: readonly DomainEvent[];
}

export interface CommandDefinition<Tx, S extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  schema: S;
  /** true: answered 201 Created. */
  creates: boolean;
  handle: (tx: Tx, input: z.output<S>) => Promise<CommandResult>;
}

/** Keeps each definition's input type precise while allowing a heterogeneous list. */
export const defineCommand = <Tx, S extends z.ZodType>(definition: CommandDefinition<Tx, S>): CommandDefinition<Tx> =>
  definition as unknown as CommandDefinition<Tx>;
