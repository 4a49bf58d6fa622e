// What every Elasticsearch client is given: credentials only with a password, the CA only over https, and a missing
// CA file named as the setting to fix rather than a bare ENOENT.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { esConnection } from './esAccess.js';

describe('Elasticsearch access', () => {
  it('sends credentials only when a password is set', () => {
    expect(esConnection({ url: 'https://es:9200', username: 'sluice_query' })).toEqual({ node: 'https://es:9200' });
    expect(esConnection({ url: 'https://es:9200', username: 'sluice_query', password: 'pw' }).auth).toEqual({ username: 'sluice_query', password: 'pw' });
  });

  it('trusts the configured CA over https, and nothing over http', () => {
    const dir = mkdtempSync(`${tmpdir()}/sluice-ca-`);
    writeFileSync(`${dir}/ca.crt`, 'PEM');
    expect(esConnection({ url: 'https://es:9200', caFile: `${dir}/ca.crt` }).tls).toEqual({ ca: Buffer.from('PEM'), rejectUnauthorized: true });
    expect(esConnection({ url: 'http://es:9200', caFile: `${dir}/ca.crt` }).tls).toBeUndefined();
  });

  it('names ES_CA_FILE when the CA cannot be read', () => {
    expect(() => esConnection({ url: 'https://es:9200', caFile: '/nonexistent/ca.crt' })).toThrow(/ES_CA_FILE \/nonexistent\/ca.crt cannot be read \(ENOENT\)/);
  });
});
