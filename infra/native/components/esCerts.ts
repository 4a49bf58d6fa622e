// Elasticsearch's HTTP certificate: a CA and a node certificate made once per home with openssl (SAN 127.0.0.1 and
// localhost), kept in the node's config folder where Elasticsearch reads them. Keys are 0600; the CA certificate is
// 0644, because every client trusts it (lib/secrets.ts launcherEsCaFile, which the launcher hands its processes). An existing CA is never replaced: clients
// that already trust it keep working, and a node certificate missing beside it is issued again from it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

export interface EsCertFiles {
  dir: string;
  ca: string;
  caKey: string;
  cert: string;
  key: string;
}

export const certFilesOf = (configDir: string): EsCertFiles => {
  const dir = `${configDir}/certs`;
  return { dir, ca: `${dir}/ca.crt`, caKey: `${dir}/ca.key`, cert: `${dir}/node.crt`, key: `${dir}/node.key` };
};

const openssl = (args: string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

const DAYS = '3650';

function makeCa(f: EsCertFiles): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', DAYS, '-subj', '/CN=Sluice Elasticsearch CA', '-keyout', f.caKey, '-out', f.ca]);
}

function makeNodeCert(f: EsCertFiles): void {
  const csr = `${f.dir}/node.csr`;
  const ext = `${f.dir}/node.ext`;
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost', '-keyout', f.key, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', f.ca, '-CAkey', f.caKey, '-CAcreateserial', '-sha256', '-days', DAYS, '-extfile', ext, '-out', f.cert]);
  rmSync(csr, { force: true });
  rmSync(ext, { force: true });
}

/** Makes what is missing; returns whether anything was made. */
export function ensureEsCerts(configDir: string): boolean {
  const f = certFilesOf(configDir);
  mkdirSync(f.dir, { recursive: true });
  const madeCa = !existsSync(f.ca) || !existsSync(f.caKey);
  if (madeCa) makeCa(f);
  const madeNode = madeCa || !existsSync(f.cert) || !existsSync(f.key);
  if (madeNode) makeNodeCert(f);
  chmodSync(f.caKey, 0o600);
  chmodSync(f.key, 0o600);
  chmodSync(f.ca, 0o644);
  chmodSync(f.cert, 0o644);
  return madeNode;
}
