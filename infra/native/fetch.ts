// Fetches Kafka, Connect, Debezium and Elasticsearch from Maven Central with Maven (cached in ~/.m2), once.
// A `.complete` marker makes an interrupted fetch start over instead of leaving half a folder in use.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { versions } from './versions.js';

const run = promisify(execFile);
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const kafkaPom = fileURLToPath(new URL('./poms/kafka.pom.xml', import.meta.url));

export type Say = (line: string) => void;

async function once(dir: string, what: string, say: Say, fetch: () => Promise<void>): Promise<string> {
  if (existsSync(`${dir}/.complete`)) return dir;
  say(`fetching ${what} with Maven (first run only; Maven caches downloads in ~/.m2)`);
  const began = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await fetch();
  writeFileSync(`${dir}/.complete`, new Date().toISOString());
  say(`fetched ${what} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return dir;
}

const mvn = async (dir: string, args: string[]): Promise<void> => {
  try {
    // Run inside the target folder with markers kept there: without a pom Maven would write to ./${project.basedir}.
    await run('mvn', ['-q', '-B', `-DmarkersDirectory=${dir}/.markers`, ...args], { maxBuffer: 64 * 1024 * 1024, cwd: dir });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    throw new Error(`mvn ${args.join(' ')} failed:\n${(out.stdout ?? '') + (out.stderr ?? '')}`.slice(0, 4000));
  }
};

export async function fetchKafka(downloads: string, say: Say): Promise<string> {
  const { version, scala } = versions.kafka;
  const slf4j = versions.slf4jBinding.split(':')[2] ?? '1.7.36';
  const dir = `${downloads}/kafka-${version}`;
  // A folder fetched before the pom named the REST basic-auth extension lacks it: fetch the whole set again.
  if (!existsSync(`${dir}/lib/connect-basic-auth-extension-${version}.jar`)) rmSync(`${dir}/.complete`, { force: true });
  await once(dir, `Kafka ${version} and Kafka Connect`, say, () =>
    mvn(dir, ['-f', kafkaPom, `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${dir}/lib`,
      `-Dkafka.version=${version}`, `-Dscala.version=${scala}`, `-Dslf4j.version=${slf4j}`]),
  );
  return `${dir}/lib`;
}

export async function fetchDebezium(downloads: string, say: Say): Promise<string> {
  const dir = `${downloads}/debezium-${versions.debezium.version}`;
  await once(dir, `the Debezium Postgres connector ${versions.debezium.version}`, say, () =>
    mvn(dir, [`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=io.debezium:debezium-connector-postgres:${versions.debezium.version}:tar.gz:plugin`,
      `-DoutputDirectory=${dir}/plugins`]),
  );
  return `${dir}/plugins`;
}

export async function fetchElasticsearch(downloads: string, say: Say): Promise<string> {
  const { version } = versions.elasticsearch;
  const dir = `${downloads}/elasticsearch-dist-${version}`;
  await once(dir, `Elasticsearch ${version}`, say, () =>
    mvn(dir, [`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:${version}:zip`,
      `-DoutputDirectory=${dir}`]),
  );
  return `${dir}/elasticsearch-${version}`;
}
