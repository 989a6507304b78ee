"""Who may call what on one gRPC server: the executable table each service
declares, the principals that may call its methods; anyone else is refused.
Health and server reflection answer any principal of the deployment, on every
server alike."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection

from services.common.principals import Principal


class Decision(Enum):
    ALLOWED = "allowed"
    # The certificate is the deployment's, but names no principal of ours.
    UNAUTHENTICATED = "unauthenticated"
    PERMISSION_DENIED = "permission denied"


OPEN_SERVICES = (
    health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
    reflection.SERVICE_NAME,
)


@dataclass(frozen=True)
class Access:
    # Who may call the server's own methods.
    principals: frozenset[Principal] = frozenset()
    # Services of the server that others, and only they, may call: (service, who).
    services: tuple[tuple[str, frozenset[Principal]], ...] = ()

    @classmethod
    def only(cls, principals: Iterable[Principal]) -> "Access":
        """These principals, and no one else, may call every method of the server."""
        return cls(frozenset(principals))

    def serving(self, service: str, principals: Iterable[Principal]) -> "Access":
        """The same, but for `service`: only these principals may call its methods."""
        return replace(self, services=(*self.services, (service, frozenset(principals))))

    def decide(self, principal: Principal | None, method: str) -> Decision:
        if principal is None:
            return Decision.UNAUTHENTICATED
        service = method.split("/")[1] if method.count("/") == 2 else ""
        callers = dict(self.services).get(service, self.principals)
        if service in OPEN_SERVICES or (service and principal in callers):
            return Decision.ALLOWED
        return Decision.PERMISSION_DENIED
