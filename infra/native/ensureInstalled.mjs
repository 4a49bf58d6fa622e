// Runs before `npm start` and `npm test` (plain Node, no dependencies): installs the npm packages when they
// are missing or older than the lock file, and checks the tools the native stack needs (a JDK 17+, Maven).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const marker = `${root}node_modules/.package-lock.json`;

function npmInstallNeeded() {
  if (!existsSync(marker)) return true;
  return statSync(`${root}package-lock.json`).mtimeMs > statSync(marker).mtimeMs;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureTool(command, debianPackage) {
  if (has(command)) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.log(`[install] ${command} is missing: installing Debian package ${debianPackage}`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', debianPackage], { stdio: 'inherit' });
    return;
  }
  console.error(`[install] ${command} is missing: install ${debianPackage} (Kafka, Connect and Elasticsearch run on it)`);
  process.exit(1);
}

if (npmInstallNeeded()) {
  // `npm install` honours the lock file; `npm ci` is not used because some npm 11 releases write lock files
  // without other platforms' optional packages and then refuse them in `npm ci`.
  console.log('[install] installing npm packages from the lock file');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
ensureTool('java', 'openjdk-17-jdk-headless');
ensureTool('mvn', 'maven');
