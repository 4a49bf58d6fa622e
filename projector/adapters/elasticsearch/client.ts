// The Elasticsearch client, created in one place. Nothing outside adapters/elasticsearch imports the driver.
import { Client } from '@elastic/elasticsearch';

export type EsClient = Client;

export const createEsClient = (url: string): EsClient => new Client({ node: url, requestTimeout: 30_000, maxRetries: 0 });
