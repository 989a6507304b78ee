"""Who calls a service that serves people: the person their verified token proves
(services.common.person_tokens), with the role the token names as a CallerRole. Each
service decides for itself what each role may do there."""

from dataclasses import dataclass

from marac.v1 import disclosure_pb2

REPRESENTATIVE = disclosure_pb2.CALLER_ROLE_AGENCY_REPRESENTATIVE
CHAIR = disclosure_pb2.CALLER_ROLE_MARAC_CHAIR
IG_STAFF = disclosure_pb2.CALLER_ROLE_IG_STAFF


@dataclass(frozen=True)
class Caller:
    """The person calling, as their verified token says."""

    role: int  # CallerRole
    agency: int  # AgencyKind, for a representative
    agency_id: str
    user_id: str  # the token's subject
    issuer: str = ""  # who vouched for them
