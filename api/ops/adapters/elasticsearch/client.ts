// The ops service's Elasticsearch client: short timeouts and no retries, because a slow cluster must show up
// as a slow or unavailable stage within one collection, not stall the loop. It acts as the ops user (monitor, read).
import { Client } from '@elastic/elasticsearch';
import { esConnection, type EsAccess } from '../../../../lib/esAccess.js';

export type OpsEsClient = Client;

export const createOpsEsClient = (access: EsAccess): OpsEsClient => new Client({ ...esConnection(access), requestTimeout: 3_000, maxRetries: 0 });
