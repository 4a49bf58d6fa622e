// The console's browser test drives a headless Chromium. Debian's package is the one used here (no browser
// download at test time); when it is missing and we are root, it is installed with apt-get, otherwise the error
// names the command to run.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const found = (): string | undefined => CANDIDATES.find(executable);

export async function ensureChromium(say: (line: string) => void = () => undefined): Promise<string> {
  const existing = found();
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium is missing: run `sudo apt-get install -y chromium` (Debian) to run the console tests');
  }
  say('Chromium is missing: installing the Debian package chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, maxBuffer: 64 * 1024 * 1024 });
  await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, maxBuffer: 64 * 1024 * 1024 });
  const installed = found();
  if (!installed) throw new Error('apt-get installed chromium but no executable was found at /usr/bin/chromium');
  return installed;
}
