import { OverloadedError, ServiceError } from '../../../../lib/errors.js';
import { translatePgError } from './pgErrors.js';

describe('translatePgError', () => {
  // T10: statements on a connection Postgres dropped during a shutdown answer 503, never 500.
  it.each([
    ['a shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['the connection ending under a statement', new Error('Connection terminated unexpectedly')],
    ['a statement on a client whose connection already failed', new Error('Client has encountered a connection error and is not queryable')],
    ['a database still starting (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ])('%s is "database unavailable"', (_name, error) => {
    const translated = translatePgError(error);
    expect(translated).toBeInstanceOf(ServiceError);
    expect((translated as ServiceError).message).toBe('database unavailable');
  });

  // T22: a column or table renamed under the service: nothing was written, and the answer is 503, never 500.
  it.each([
    ['a renamed column (42703)', Object.assign(new Error('column "name" of relation "customers" does not exist'), { code: '42703' })],
    ['a renamed table (42P01)', Object.assign(new Error('relation "customers" does not exist'), { code: '42P01' })],
  ])('%s is a 503 saying the schema does not match', (_name, error) => {
    const translated = translatePgError(error);
    expect(translated).toBeInstanceOf(ServiceError);
    expect((translated as ServiceError).status).toBe(503);
    expect((translated as ServiceError).message).toBe('the database schema does not match the service');
  });

  // The flash sale: a statement that waited too long on a database that is up is overload, not an outage.
  it.each([
    ['a lock wait past lock_timeout (55P03)', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    ['a statement past statement_timeout (57014)', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
  ])('%s is a 503 overloaded', (_name, error) => {
    const translated = translatePgError(error);
    expect(translated).toBeInstanceOf(OverloadedError);
    expect((translated as OverloadedError).code).toBe('overloaded');
    expect((translated as OverloadedError).status).toBe(503);
  });
});
