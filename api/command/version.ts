// Optimistic concurrency, shared by every aggregate's decide functions.
import { ConflictError } from '../../lib/errors.js';

export function checkVersion(aggregate: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ConflictError(`${aggregate} is at version ${current}, not the expected ${expected}`, 'version-conflict');
  }
}
