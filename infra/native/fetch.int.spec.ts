// Downloads checked against infra/versions.json, through the real fetch (Maven, ~/.m2): the Debezium archive is
// refused when its pin differs, and nothing of it is left to use (no `.complete`: the next start fetches it again);
// with the real pin it is unpacked. The pins match the files of the running stack's downloads one for one, so a jar
// added to kafka.pom.xml without its pin (or a pin left for a jar no longer fetched) fails here.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChecksumError, verifyFolder } from './checksums.js';
import { fetchDebezium } from './fetch.js';
import { createLayout } from './layout.js';
import { versions } from './versions.js';

const downloads = mkdtempSync(`${tmpdir()}/sluice-downloads-`);
const quiet = (): void => undefined;
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describe('launcher downloads', () => {
  const archive = `debezium-connector-postgres-${versions.debezium.version}-plugin.tar.gz`;
  const pinned = versions.sha256.debezium[archive] ?? '';
  const dir = `${downloads}/debezium-${versions.debezium.version}`;

  it('refuse an archive whose SHA-256 is not the pinned one, and leave nothing to use', async () => {
    const wrong = pinned.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const refusal = fetchDebezium(downloads, quiet, { [archive]: wrong });
    await expect(refusal).rejects.toBeInstanceOf(ChecksumError);
    await expect(refusal.catch((e: Error) => e.message)).resolves.toContain(`${archive}: expected SHA-256 ${wrong}, got ${pinned}`);
    expect(existsSync(dir)).toBe(false);
  });

  it('unpack the archive whose SHA-256 is the pinned one', async () => {
    const plugins = await fetchDebezium(downloads, quiet);
    expect(existsSync(`${dir}/.complete`)).toBe(true);
    expect(readdirSync(plugins)).toContain('debezium-connector-postgres');
    expect(existsSync(`${dir}/archive`)).toBe(false);
  });

  it("pin exactly the jars of the stack's Kafka lib folder", async () => {
    const lib = `${createLayout(process.env['SLUICE_HOME'] ?? '.infra', process.env['SLUICE_DOWNLOADS']).downloads}/kafka-${versions.kafka.version}/lib`;
    expect(readdirSync(lib).sort()).toEqual(Object.keys(versions.sha256.kafka).sort());
    await expect(verifyFolder('Kafka', lib, versions.sha256.kafka, 'sha256.kafka')).resolves.toBeUndefined();
  });
});
