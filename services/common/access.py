"""Who may call what on one gRPC server: the executable table each service
declares. Each of its services (or one method, as `/package.Service/Method`)
names the principals allowed to call it; a method the table does not name is
open to `otherwise` (by default no one). Health and server reflection answer
any principal of the deployment, on every server alike."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection

from services.common.principals import Principal


class Decision(Enum):
    ALLOWED = "allowed"
    # The certificate is the deployment's, but names no principal of ours.
    UNAUTHENTICATED = "unauthenticated"
    PERMISSION_DENIED = "permission denied"


class AnyPrincipal:
    """Every principal whose certificate the deployment's authority issued."""

    def __contains__(self, principal: object) -> bool:
        return isinstance(principal, Principal)

    def __repr__(self) -> str:
        return "ANY_PRINCIPAL"


ANY_PRINCIPAL = AnyPrincipal()
OPEN_SERVICES = (
    health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
    reflection.SERVICE_NAME,
)


Allowed = frozenset[Principal] | AnyPrincipal


@dataclass(frozen=True)
class Access:
    # By service or method; a method's own row comes before its service's.
    allowed: Mapping[str, Allowed] = field(default_factory=dict)
    # Who may call a method of this server that no row names.
    otherwise: Allowed = frozenset()

    @classmethod
    def only(cls, principals: Iterable[Principal]) -> "Access":
        """These principals, and no one else, may call every method of the server."""
        return cls(otherwise=frozenset(principals))

    def decide(self, principal: Principal | None, method: str) -> Decision:
        if principal is None:
            return Decision.UNAUTHENTICATED
        service = method.split("/")[1] if method.count("/") == 2 else ""
        if service in OPEN_SERVICES:
            return Decision.ALLOWED
        who = self.allowed.get(method, self.allowed.get(service, self.otherwise))
        if principal in who:
            return Decision.ALLOWED
        return Decision.PERMISSION_DENIED
