// The TCP sockets a process tree listens on, read from /proc (Linux): what `ss -ltnp` shows, without the tool.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Listener {
  pid: number;
  address: string;
  port: number;
}

const LISTEN = '0A';

/** "0100007F:1F90" (IPv4, little-endian words) or the 32-hex-digit IPv6 form -> "127.0.0.1" / "::1" style text. */
export function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  const words = (hex.toLowerCase().match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''));
  const groups = words.join('').match(/.{4}/g) ?? [];
  const v4mapped = groups.slice(0, 5).every((g) => g === '0000') && groups[5] === 'ffff';
  if (v4mapped) return decodeAddress((words[3] ?? '').match(/../g)!.reverse().join(''));
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

function listeningSockets(): Map<string, { address: string; port: number }> {
  const byInode = new Map<string, { address: string; port: number }>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1] ?? '', cols[3], cols[9] ?? ''];
      if (state !== LISTEN) continue;
      const [hexAddress = '', hexPort = '0'] = local.split(':');
      byInode.set(inode, { address: decodeAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return byInode;
}

const childrenOf = (pid: number): number[] => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
};

/** Every process of the tree under pid (itself included). */
export function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

/** The listening TCP sockets held by any process of the tree under pid. */
export function listenersOf(pid: number): Listener[] {
  const sockets = listeningSockets();
  return processTree(pid).flatMap((p) => {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      return [];
    }
    return fds.flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${p}/fd/${fd}`))?.[1];
        const socket = inode ? sockets.get(inode) : undefined;
        return socket ? [{ pid: p, ...socket }] : [];
      } catch {
        return [];
      }
    });
  });
}

export const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/** `address:port` of every socket the process tree under pid listens on. */
export const listeningAddresses = (pid: number): string[] => listenersOf(pid).map((l) => `${l.address}:${l.port}`);

/** The real user id of a process (the first field of Uid: in /proc/<pid>/status). */
export const uidOf = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
