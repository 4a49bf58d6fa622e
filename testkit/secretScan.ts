// docs/reliability.md T40: no secret in the logs. After a full run (every jest tier and every fault row), each log
// of the stack is searched for every value of the secrets file; a hit names the file and the secret's name, never
// its value.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretHit {
  file: string;
  secret: string;
}

/** Files under dir (recursively) that contain any of the secrets' values. */
export function findSecrets(dir: string, secrets: Readonly<Record<string, string>>): SecretHit[] {
  if (!existsSync(dir)) return [];
  const wanted = Object.entries(secrets).filter(([, value]) => value.length >= 8);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .flatMap((entry) => {
      const file = join(entry.parentPath, entry.name);
      const text = readFileSync(file, 'latin1');
      return wanted.filter(([, value]) => text.includes(value)).map(([secret]) => ({ file, secret }));
    });
}
