// One version matrix: the Compose images must be the ones infra/versions.json pins for the native launcher.
import { readFileSync } from 'node:fs';
import { versions } from './native/versions.js';

const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
const images = [...compose.matchAll(/^\s+image:\s*(\S+)\s*$/gm)].map((m) => m[1]);

describe('the version matrix', () => {
  it.each([
    ['postgres', versions.postgres.image],
    ['kafka', versions.kafka.image],
    ['connect + debezium', versions.debezium.image],
    ['elasticsearch', versions.elasticsearch.image],
    ['kibana', versions.kibana.image],
    ['prometheus', versions.prometheus.image],
    ['grafana', versions.grafana.image],
  ])('docker-compose.yml runs %s as %s', (_name, image) => {
    expect(images).toContain(image);
  });

  it('pins Debezium, Kafka, Elasticsearch and Prometheus images to the native versions', () => {
    expect(versions.debezium.image.endsWith(`:${versions.debezium.version}`)).toBe(true);
    expect(versions.kafka.image.endsWith(`:${versions.kafka.version}`)).toBe(true);
    expect(versions.elasticsearch.image.endsWith(`:${versions.elasticsearch.version}`)).toBe(true);
    expect(versions.kibana.image.endsWith(`:${versions.elasticsearch.version}`)).toBe(true);
    expect(versions.prometheus.image.endsWith(`:v${versions.prometheus.version}`)).toBe(true);
  });
});
