// The ops service's Elasticsearch client: short timeouts and no retries, because a slow cluster must show up
// as a slow or unavailable stage within one collection, not stall the loop.
import { Client } from '@elastic/elasticsearch';

export type OpsEsClient = Client;

export const createOpsEsClient = (url: string): OpsEsClient => new Client({ node: url, requestTimeout: 3_000, maxRetries: 0 });
