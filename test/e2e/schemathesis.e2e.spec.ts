// The three HTTP APIs against their own OpenAPI documents: Schemathesis (pinned in infra/versions.json, installed
// on first use) runs every check in every phase, stateful included (the documents' links chain place-order into
// pay/cancel/ship, a list into its first document, ...), with test/schemathesis/schemathesis.toml, where each
// exception is argued. A red run prints Schemathesis' report; it and JUnit/NDJSON reports stay in
// test-artifacts/schemathesis/<api>/.
import { startApiTrio, type ApiTrio } from '../../testkit/apiTrio.js';
import { ensureSchemathesis, runSchemathesis } from '../../testkit/schemathesis.js';

let trio: ApiTrio;

beforeAll(async () => {
  // Installing from PyPI (first run only) is part of the setup, not of an API's budget.
  await ensureSchemathesis();
  trio = await startApiTrio();
}, 400_000);
afterAll(async () => trio?.close());

// Each API with a key of its own scope only, as a client would hold.
const apis = [
  ['command', 'test-commands'],
  ['query', 'test-queries'],
  ['ops', 'test-ops'],
] as const;

describe('Schemathesis, every check and phase', () => {
  it.each(apis)('the %s API conforms to its OpenAPI document', async (api, key) => {
    const run = await runSchemathesis(api, trio.urls[api], key);
    // Exit 0 means no check failed; warnings (e.g. operations that mostly answered 404) do not fail it.
    if (run.code !== 0) {
      throw new Error(`schemathesis exited ${run.code} against the ${api} API (report: ${run.reportPath})\n\n${run.output}`);
    }
    expect(run.output).toMatch(/Test cases:\s+\d+ generated, \d+ passed/);
  }, 600_000);
});
