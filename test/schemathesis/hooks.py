# Schemathesis hooks for the Sluice contract suite (loaded through SCHEMATHESIS_HOOKS by testkit/schemathesis.ts).
import uuid

import schemathesis
from schemathesis import GenerationMode


@schemathesis.hook
def before_call(context, case, **kwargs):
    meta = case.meta
    if meta is None:
        return
    # Schemathesis 4.32.5's coverage phase can build a case it labels positive from a header container it generated
    # as negative: `generation.mode = positive` while `components.header.mode = negative`, e.g. `X-Min-Position: 0`
    # against ^v1\.\d{1,19}\.[0-9a-f]{16}$. The server rightly answers 400 and positive_data_acceptance would report
    # a schema-valid request rejected. A case is negative when any of its components is, so such a case is relabelled
    # before it is sent: the negative checks (the server must refuse it) then apply instead of the positive ones.
    if meta.generation.mode == GenerationMode.POSITIVE and any(c.mode == GenerationMode.NEGATIVE for c in meta.components.values()):
        meta.generation.mode = GenerationMode.NEGATIVE
    # An Idempotency-Key is a client's unique token for one command. Generated keys are short and repeat ("0", "A")
    # across commands and bodies, so most positive commands would be 422 idempotency-key-reused and never reach the
    # handlers, nor the orders the stateful links lead to. A valid key in a positive case is made unique (still
    # within the documented 1 to 255 visible ASCII characters); negative cases keep their invalid keys. Replays
    # and reuse are covered by api/command/idempotency.int.spec.ts.
    headers = case.headers or {}
    if meta.generation.mode == GenerationMode.POSITIVE and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = f"st-{uuid.uuid4()}"
