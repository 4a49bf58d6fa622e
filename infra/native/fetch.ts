// Fetches Kafka, Connect, Debezium and Elasticsearch from Maven Central with Maven (cached in ~/.m2), once.
// A `.complete` marker makes an interrupted or refused fetch start over instead of leaving half a folder in use.
// Maven checks each download against the repository's checksum (-C: a mismatch fails, it is not a warning), and
// every file is then checked against the SHA-256 pinned in infra/versions.json (./checksums.ts) before it is used:
// each jar of Kafka's lib folder, and the Debezium and Elasticsearch archives before they are unpacked.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verifyFolder, type Pins } from './checksums.js';
import { versions } from './versions.js';

const run = promisify(execFile);
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const kafkaPom = fileURLToPath(new URL('./poms/kafka.pom.xml', import.meta.url));

export type Say = (line: string) => void;

/** Fetches in flight, by folder: nodes of one kind start at once (`sluice cluster up`) and must share one fetch. */
const inFlight = new Map<string, Promise<string>>();

function once(dir: string, what: string, say: Say, fetch: () => Promise<void>): Promise<string> {
  if (existsSync(`${dir}/.complete`)) return Promise.resolve(dir);
  const running = inFlight.get(dir) ?? fetchInto(dir, what, say, fetch).finally(() => inFlight.delete(dir));
  inFlight.set(dir, running);
  return running;
}

async function fetchInto(dir: string, what: string, say: Say, fetch: () => Promise<void>): Promise<string> {
  say(`fetching ${what} with Maven (first run only; Maven caches downloads in ~/.m2)`);
  const began = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    await fetch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true }); // nothing unverified stays behind
    throw error;
  }
  writeFileSync(`${dir}/.complete`, new Date().toISOString());
  say(`fetched ${what} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return dir;
}

const mvn = async (dir: string, args: string[]): Promise<void> => {
  try {
    // Run inside the target folder with markers kept there: without a pom Maven would write to ./${project.basedir}.
    await run('mvn', ['-q', '-B', '-C', `-DmarkersDirectory=${dir}/.markers`, ...args], { maxBuffer: 64 * 1024 * 1024, cwd: dir });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    throw new Error(`mvn ${args.join(' ')} failed:\n${(out.stdout ?? '') + (out.stderr ?? '')}`.slice(0, 4000));
  }
};

// Resolves one artifact into <dir>/archive, checks it against its pin, then unpacks it from the same local
// repository file Maven just copied (byte for byte what was checked) and drops the copy.
async function fetchArchive(dir: string, artifact: string, coordinates: string, outputDirectory: string, pins: Pins, pinsKey: string): Promise<void> {
  await mvn(dir, [`${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${coordinates}`, `-DoutputDirectory=${dir}/archive`]);
  await verifyFolder(artifact, `${dir}/archive`, pins, pinsKey);
  await mvn(dir, [`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=${coordinates}`, `-DoutputDirectory=${outputDirectory}`]);
  rmSync(`${dir}/archive`, { recursive: true, force: true });
}

export async function fetchKafka(downloads: string, say: Say, pins: Pins = versions.sha256.kafka): Promise<string> {
  const { version, scala } = versions.kafka;
  const slf4j = versions.slf4jBinding.split(':')[2] ?? '1.7.36';
  const dir = `${downloads}/kafka-${version}`;
  const what = `Kafka ${version} and Kafka Connect`;
  // A folder fetched before the pom named the REST basic-auth extension lacks it: fetch the whole set again.
  if (!existsSync(`${dir}/lib/connect-basic-auth-extension-${version}.jar`)) rmSync(`${dir}/.complete`, { force: true });
  await once(dir, what, say, async () => {
    await mvn(dir, ['-f', kafkaPom, `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${dir}/lib`,
      `-Dkafka.version=${version}`, `-Dscala.version=${scala}`, `-Dslf4j.version=${slf4j}`]);
    await verifyFolder(what, `${dir}/lib`, pins, 'sha256.kafka');
  });
  return `${dir}/lib`;
}

export async function fetchDebezium(downloads: string, say: Say, pins: Pins = versions.sha256.debezium): Promise<string> {
  const { version } = versions.debezium;
  const dir = `${downloads}/debezium-${version}`;
  const what = `the Debezium Postgres connector ${version}`;
  await once(dir, what, say, () =>
    fetchArchive(dir, what, `io.debezium:debezium-connector-postgres:${version}:tar.gz:plugin`, `${dir}/plugins`, pins, 'sha256.debezium'),
  );
  return `${dir}/plugins`;
}

export async function fetchElasticsearch(downloads: string, say: Say, pins: Pins = versions.sha256.elasticsearch): Promise<string> {
  const { version } = versions.elasticsearch;
  const dir = `${downloads}/elasticsearch-dist-${version}`;
  const what = `Elasticsearch ${version}`;
  await once(dir, what, say, () =>
    fetchArchive(dir, what, `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${version}:zip`, dir, pins, 'sha256.elasticsearch'),
  );
  return `${dir}/elasticsearch-${version}`;
}
