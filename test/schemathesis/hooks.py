# Schemathesis hooks for the Sluice contract suite (loaded through SCHEMATHESIS_HOOKS by test/support/schemathesis.ts).
#
# Schemathesis 4.32.5's coverage phase can build a case it labels positive from a header container it generated
# as negative: the case metadata then says `generation.mode = positive` while `components.header.mode = negative`,
# e.g. `X-Min-Position: 0` against the pattern ^v1\.\d{1,20}\.[0-9a-f]{16}$. The server rightly answers 400, and
# positive_data_acceptance reports a schema-valid request rejected. A case is negative when any of its components
# is, so this relabels such a case before it is sent: the negative checks (the server must refuse it) then apply
# instead of the positive ones. Cases whose components are all positive are left as they are.
import schemathesis
from schemathesis import GenerationMode


@schemathesis.hook
def before_call(context, case, **kwargs):
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return
    if any(component.mode == GenerationMode.NEGATIVE for component in meta.components.values()):
        meta.generation.mode = GenerationMode.NEGATIVE
