// The version matrix, read from infra/versions.json: the same file feeds docker-compose.yml's images.
import { readFileSync } from 'node:fs';

export interface Versions {
  postgres: { native: string; image: string };
  kafka: { version: string; scala: string; image: string };
  slf4jBinding: string;
  debezium: { version: string; image: string };
  elasticsearch: { version: string; image: string };
  kibana: { image: string };
  prometheus: { version: string; image: string };
  grafana: { image: string };
  schemathesis: { version: string };
  /** SHA-256 of every file the launcher downloads, by file name (infra/native/checksums.ts). */
  sha256: { kafka: Record<string, string>; debezium: Record<string, string>; elasticsearch: Record<string, string> };
}

export const versions: Versions = JSON.parse(
  readFileSync(new URL('../versions.json', import.meta.url), 'utf8'),
) as Versions;
