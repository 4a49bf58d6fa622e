// Reading part of a growing file (a process's log) without reading it whole: what was written since an offset, or
// its last bytes. Used where the only record of an event is a line a process logged.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** Where a file ends now (0 if it does not exist yet), to read only what is written after. */
export const fileEnd = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/** The text between byte `from` and the file's current end ('' if nothing was written since). */
export function readFrom(file: string, from: number): string {
  const size = fileEnd(file);
  if (size <= from) return '';
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** The last `size` bytes of a file. */
export const readTail = (file: string, size: number): string => readFrom(file, Math.max(0, fileEnd(file) - size));
