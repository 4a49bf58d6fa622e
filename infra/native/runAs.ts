// Postgres and Elasticsearch refuse to run as root. When the launcher is root it runs them as an
// unprivileged system user it creates once, and gives that user the folders they write to.
import { execFileSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

const idOf = (user: string, flag: '-u' | '-g'): number | undefined => {
  try {
    return Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
};

export function ensureRunAs(user: string): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf(user, '-u') === undefined) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user], { stdio: 'ignore' });
  }
  const uid = idOf(user, '-u');
  const gid = idOf(user, '-g');
  if (uid === undefined || gid === undefined) throw new Error(`could not create the unprivileged user ${user}`);
  return { user, uid, gid };
}

export function chownTree(path: string, runAs: RunAs | undefined): void {
  if (runAs) execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, path]);
}

/** The unprivileged user must be able to walk down to its folders and binaries (a clone in `mktemp -d` is 0700). */
export function ensureTraversable(path: string, runAs: RunAs | undefined, say: (line: string) => void): void {
  if (!runAs) return;
  for (let dir = dirname(path); dir !== '/'; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      say(`granted search permission on ${dir} so that ${runAs.user} can reach ${path}`);
    }
  }
}
