// The slice stores see only `query`: they cannot commit, roll back or release; the runner owns the transaction.
import type pg from 'pg';

export type Tx = Pick<pg.ClientBase, 'query'>;
