// The TCP addresses a process listens on, read from /proc: its socket inodes (/proc/<pid>/fd) matched against the
// LISTEN entries of /proc/net/tcp and tcp6 (across all its threads' fds: the JVM's listeners are in one table).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const socketInodes = (pid: number): Set<string> => {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // the descriptor closed while we looked
    }
  }
  return inodes;
};

/** `/proc/net/tcp` writes an IPv4 address as 8 hex digits in host (little-endian) order; IPv6 as 32. */
const addressOf = (hex: string): string => {
  if (hex.length === 8) return [...(hex.match(/../g) ?? [])].reverse().map((b) => parseInt(b, 16)).join('.');
  const v4mapped = /^0000000000000000FFFF0000([0-9A-F]{8})$/.exec(hex);
  if (v4mapped?.[1]) return addressOf(v4mapped[1]);
  return hex === '00000000000000000000000001000000' ? '::1' : hex === '0'.repeat(32) ? '::' : hex;
};

export function listeningAddresses(pid: number): string[] {
  const inodes = socketInodes(pid);
  const found: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (state !== '0A' || !local || !inode || !inodes.has(inode)) continue;
      const [hex, port] = local.split(':');
      found.push(`${addressOf(hex ?? '')}:${parseInt(port ?? '0', 16)}`);
    }
  }
  return found;
}

/** The real user id of a process (the first field of Uid: in /proc/<pid>/status). */
export const uidOf = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
