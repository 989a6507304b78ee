"""What a refusal names, as a caller of the agency's API would be told: the request
fields of an InvalidRequest, or the field the agency's table says a broken rule is
about (services.common.grpc_errors)."""

from services.common.errors import RuleBroken
from services.common.grpc_errors import KERNEL_FIELDS, Fields, violations_of
from services.common.validation import InvalidRequest

# What a test expects a bad request to raise.
REFUSED = (InvalidRequest, RuleBroken)


def fields_named(error: Exception, fields: Fields = KERNEL_FIELDS) -> set[str]:
    if isinstance(error, InvalidRequest):
        return {v.field for v in error.violations}
    assert isinstance(error, RuleBroken), error
    return {v.field for v in violations_of(error, fields)}
