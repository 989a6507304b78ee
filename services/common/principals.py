"""Who a process or an agency system is: a principal, proven by a certificate from
the deployment's certificate authority that names it in a SPIFFE-style URI (its
only URI subject alternative name), for example
`spiffe://marac-hub.local/agency-system/police`. Nothing a caller says about
itself in a request counts: only what its certificate says.
"""

import re
from dataclasses import dataclass

TRUST_DOMAIN = "marac-hub.local"
# A kind of principal and, for most kinds, which one: lower-case words and digits
# joined by '-' or '_' (an agency's registry name, for example `social_landlord`).
SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

# The kinds of principal, in the domain's words.
AGENCY_SERVICE = "agency-service"  # an agency's MARAC Hub service (server)
AGENCY_SYSTEM = "agency-system"  # an agency's own case system, calling its service
RELAY = "relay"  # an agency's relay, publishing its shared events
PROJECTION = "projection"  # the risk projection
RISKVIEW = "riskview"  # the shared risk view's service
IDENTITY = "identity"  # the local issuer of people's tokens
MEETINGS = "meetings"  # the MARAC meeting service (server)
WEB = "web"  # the web app for chairs and representatives (server)
AUDIT = "audit"  # the audit ledger's service (server)
FIGURES = "figures"  # the partnership figures' service (server)
CLIENT = "client"  # a program that calls on behalf of people: the demo, the tests
OPERATOR = "operator"  # the deployment's operator: who provisions it, who watches it
KAFKA = "kafka"  # the Kafka broker (server)
POSTGRES = "postgres"  # the Postgres server (server)


@dataclass(frozen=True, order=True)
class Principal:
    kind: str
    name: str = ""

    def __post_init__(self) -> None:
        if not SEGMENT.fullmatch(self.kind) or (self.name and not SEGMENT.fullmatch(self.name)):
            raise ValueError("a principal's kind and name are lower-case words")

    @property
    def uri(self) -> str:
        return f"spiffe://{TRUST_DOMAIN}/{self.path}"

    @property
    def path(self) -> str:
        """`kind/name` (or `kind` alone): how logs and the local PKI's folders name it."""
        return f"{self.kind}/{self.name}" if self.name else self.kind

    @classmethod
    def from_uri(cls, uri: str) -> "Principal | None":
        """The principal a certificate's URI names; None when it names none of ours."""
        prefix = f"spiffe://{TRUST_DOMAIN}/"
        if not uri.startswith(prefix):
            return None
        parts = uri[len(prefix) :].split("/")
        if len(parts) > 2:
            return None
        try:
            return cls(*parts)
        except ValueError:
            return None

    def __str__(self) -> str:
        return self.path


def agency_service(agency: str) -> Principal:
    return Principal(AGENCY_SERVICE, agency)


def agency_system(agency: str) -> Principal:
    return Principal(AGENCY_SYSTEM, agency)


def relay(agency: str) -> Principal:
    return Principal(RELAY, agency)


PROJECTION_PRINCIPAL = Principal(PROJECTION, "risk")
# The figures projection: reads the case topics in a consumer group of its own.
FIGURES_PROJECTION = Principal(PROJECTION, "figures")
RISKVIEW_PRINCIPAL = Principal(RISKVIEW)
IDENTITY_PRINCIPAL = Principal(IDENTITY)
MEETINGS_PRINCIPAL = Principal(MEETINGS)
# The meeting service's relay: publishes MaracDiscussed and actions for the agencies.
MEETINGS_RELAY = Principal(RELAY, "marac")
# The audit service's relay, publishing each change of the data-sharing agreements.
AGREEMENTS_RELAY = Principal(RELAY, "agreements")
WEB_PRINCIPAL = Principal(WEB)
AUDIT_PRINCIPAL = Principal(AUDIT)
# The ledger's retention: serves health alone, calls no one and uses no broker, so it
# holds no certificate that could serve as the audit service or read what it reads.
AUDIT_RETENTION = Principal(AUDIT, "retention")
FIGURES_PRINCIPAL = Principal(FIGURES)
DEMO_CLIENT = Principal(CLIENT, "demo")
TEST_CLIENT = Principal(CLIENT, "test")
# Provisions topics, grants and databases (Kafka's super user, with the broker).
STACK_OPERATOR = Principal(OPERATOR, "stack")
# Asks each process how it is (the stack's supervisor and status): health only.
SUPERVISOR = Principal(OPERATOR, "supervisor")
