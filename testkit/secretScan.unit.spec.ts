// The log scan finds a secret wherever it is, and names it without printing it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findSecrets } from './secretScan.js';

describe('findSecrets', () => {
  it('finds a secret in a nested log and names it, and passes clean logs', () => {
    const dir = mkdtempSync(`${tmpdir()}/sluice-logs-`);
    mkdirSync(`${dir}/elasticsearch`);
    writeFileSync(`${dir}/kafka.log`, 'broker started\n');
    writeFileSync(`${dir}/elasticsearch/es.log`, 'auth failed for password=Zq9xW2r8LmN3\n');
    expect(findSecrets(dir, { ES_PASSWORD: 'Zq9xW2r8LmN3', KAFKA_PASSWORD: 'pR7tY6uI5oP4' })).toEqual([{ file: `${dir}/elasticsearch/es.log`, secret: 'ES_PASSWORD' }]);
    expect(findSecrets(dir, { KAFKA_PASSWORD: 'pR7tY6uI5oP4' })).toEqual([]);
  });
});
