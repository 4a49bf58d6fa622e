// The Elasticsearch client, created in one place. Nothing outside adapters/elasticsearch imports the driver.
// It authenticates as the user the caller's configuration names and trusts the configured CA (lib/esAccess.ts).
import { Client } from '@elastic/elasticsearch';
import { esConnection, type EsAccess } from '../../../lib/esAccess.js';

export type EsClient = Client;

export const createEsClient = (access: EsAccess): EsClient => new Client({ ...esConnection(access), requestTimeout: 30_000, maxRetries: 0 });
