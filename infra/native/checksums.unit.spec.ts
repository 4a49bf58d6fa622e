// Pinned SHA-256 checks of downloads: a file that differs from its pin by one byte, or that has no pin, is refused
// with a message naming the artifact, the file, the expected and the actual digest; pinned files pass.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChecksumError, sha256File, verifyFiles, verifyFolder } from './checksums.js';
import { versions } from './versions.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(`${tmpdir()}/sluice-checksums-`);
  for (const [name, content] of Object.entries(files)) writeFileSync(`${dir}/${name}`, content);
  return dir;
}

describe('pinned SHA-256 checks', () => {
  const pins = { 'a-1.0.jar': sha('jar a'), 'b-2.0.jar': sha('jar b') };

  it('pass files that match their pins', async () => {
    await expect(verifyFolder('Kafka', folder({ 'a-1.0.jar': 'jar a', 'b-2.0.jar': 'jar b' }), pins, 'sha256.kafka')).resolves.toBeUndefined();
  });

  it('refuse a tampered file, naming the artifact, the file, the expected and the actual digest', async () => {
    const dir = folder({ 'a-1.0.jar': 'jar a', 'b-2.0.jar': 'jar B' });
    const refusal = verifyFolder('Kafka 3.9.1 and Kafka Connect', dir, pins, 'sha256.kafka');
    await expect(refusal).rejects.toBeInstanceOf(ChecksumError);
    await expect(refusal).rejects.toThrow('Kafka 3.9.1 and Kafka Connect: refused 1 downloaded file(s)');
    await expect(refusal).rejects.toThrow(`b-2.0.jar: expected SHA-256 ${sha('jar b')}, got ${sha('jar B')}`);
  });

  it('refuse a file that has no pin, with the line to add once it is checked', async () => {
    const dir = folder({ 'a-1.0.jar': 'jar a', 'b-2.0.jar': 'jar b', 'extra-1.jar': 'unreviewed' });
    await expect(verifyFolder('Kafka', dir, pins, 'sha256.kafka')).rejects.toThrow(
      `extra-1.jar: no SHA-256 pinned (got ${sha('unreviewed')}); if it is the publisher's file, add "extra-1.jar": "${sha('unreviewed')}" to sha256.kafka`,
    );
  });

  it('refuse an empty download', async () => {
    await expect(verifyFolder('Kafka', folder({}), pins, 'sha256.kafka')).rejects.toThrow('nothing was downloaded');
  });

  it('hash a file as sha256sum does', async () => {
    const dir = folder({ 'x.zip': 'zip bytes' });
    expect(await sha256File(`${dir}/x.zip`)).toBe(sha('zip bytes'));
    await expect(verifyFiles('Elasticsearch', [`${dir}/x.zip`], { 'x.zip': sha('zip bytes').toUpperCase() }, 'sha256.elasticsearch')).resolves.toBeUndefined();
  });

  it('infra/versions.json pins every archive the launcher fetches, as 64 hex digits', () => {
    const { sha256, debezium, elasticsearch } = versions;
    expect(Object.keys(sha256.debezium)).toEqual([`debezium-connector-postgres-${debezium.version}-plugin.tar.gz`]);
    expect(Object.keys(sha256.elasticsearch)).toEqual([`elasticsearch-${elasticsearch.version}.zip`]);
    expect(Object.keys(sha256.kafka)).toContain(`kafka_${versions.kafka.scala}-${versions.kafka.version}.jar`);
    expect(Object.keys(sha256.kafka)).toContain(`connect-runtime-${versions.kafka.version}.jar`);
    for (const digest of [...Object.values(sha256.kafka), ...Object.values(sha256.debezium), ...Object.values(sha256.elasticsearch)]) {
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
