"""The processes of a MARAC Hub deployment on Kubernetes, as deploy/local/
stack_processes.py runs them locally: each one's principal, command, port and
databases, and who may call it (from each server's own access table)."""

from dataclasses import dataclass

from deploy.local.databases import APPENDER, FOLLOWER, READER, RETAINER
from deploy.local.stack_processes import (
    AGREEMENTS_RELAY_HEALTH_PORT,
    FIGURES_PORT,
    HEALTH_PORT_OFFSET,
    IDENTITY_PORT,
    MEETINGS_PORT,
    RISKVIEW_PORT,
    WEB_PORT,
)
from deploy.local.topology import Topology
from services.audit.__main__ import CALLERS as AUDIT_ACCESS
from services.audit.settings import AUDIT_PORT
from services.common import principals
from services.common.access import Access
from services.common.principals import Principal
from services.identity.__main__ import SIGN_IN_CLIENTS as IDENTITY_ACCESS
from services.marac.__main__ import ACCESS as MEETINGS_ACCESS
from services.riskview.composition import ACCESS as RISKVIEW_ACCESS
from services.riskview.composition import PEOPLE_CLIENTS as FIGURES_ACCESS


def kube_name(text: str) -> str:
    """A Kubernetes object name for a principal's path or a store's name."""
    return text.replace("/", "-").replace("_", "-").replace(".", "-")


# What each process is: its principal, its command, the port it serves its API on
# (or only health, for a worker), the databases it opens and as which role.
@dataclass(frozen=True)
class Process:
    name: str
    principal: Principal
    args: tuple[str, ...]
    port: int
    serves_api: bool
    # (cluster, role suffix or "" for the owner)
    databases: tuple[tuple[str, str], ...] = ()
    access: Access | None = None
    # The web app's HTTPS port for people's browsers (its health is on `port`).
    https_port: int = 0


def processes(topology: Topology) -> list[Process]:
    found: list[Process] = []
    for a in topology.agencies:
        found += [
            Process(
                kube_name(a.name), principals.agency_service(a.name),
                ("-m", a.package, "serve"), a.grpc_port, True, ((a.name, ""),),
                a.definition().access,
            ),
            Process(
                kube_name(f"{a.name}-relay"), principals.relay(a.name), ("-m", a.package, "relay"),
                a.grpc_port + HEALTH_PORT_OFFSET, False, ((a.name, FOLLOWER),),
            ),
        ]  # fmt: skip
    return [
        *found,
        Process(
            "projection", principals.PROJECTION_PRINCIPAL, ("-m", "projections"),
            RISKVIEW_PORT + HEALTH_PORT_OFFSET, False, (("readmodel", ""),),
        ),
        Process(
            "riskview", principals.RISKVIEW_PRINCIPAL, ("-m", "services.riskview"),
            RISKVIEW_PORT, True, (("readmodel", READER),), RISKVIEW_ACCESS,
        ),
        Process(
            "identity", principals.IDENTITY_PRINCIPAL, ("-m", "services.identity", "serve"),
            IDENTITY_PORT, True, (("identity", ""),), IDENTITY_ACCESS,
        ),
        Process(
            "marac", principals.MEETINGS_PRINCIPAL, ("-m", "services.marac", "serve"),
            MEETINGS_PORT, True, (("marac", ""),), MEETINGS_ACCESS,
        ),
        Process(
            "marac-relay", principals.MEETINGS_RELAY, ("-m", "services.marac", "relay"),
            MEETINGS_PORT + HEALTH_PORT_OFFSET, False, (("marac", FOLLOWER),),
        ),
        Process(
            "audit", principals.AUDIT_PRINCIPAL, ("-m", "services.audit", "serve"),
            AUDIT_PORT, True, (("audit", APPENDER), ("agreements", "")), AUDIT_ACCESS,
        ),
        Process(
            "agreements-relay", principals.AGREEMENTS_RELAY,
            ("-m", "services.audit", "agreements-relay"),
            AGREEMENTS_RELAY_HEALTH_PORT, False, (("agreements", FOLLOWER),),
        ),
        Process(
            "figures-projection", principals.FIGURES_PROJECTION, ("-m", "figures", "project"),
            FIGURES_PORT + HEALTH_PORT_OFFSET, False, (("figures", ""),),
        ),
        Process(
            "figures", principals.FIGURES_PRINCIPAL, ("-m", "services.figures"),
            FIGURES_PORT, True, (("figures", READER),), FIGURES_ACCESS,
        ),
        Process(
            "web", principals.WEB_PRINCIPAL, ("-m", "services.web"),
            WEB_PORT + HEALTH_PORT_OFFSET, False, (), https_port=WEB_PORT,
        ),
    ]  # fmt: skip


@dataclass(frozen=True)
class Schedule:
    """A command run at times (a CronJob), not a process: it serves nothing, uses no
    broker, and opens only its databases. Its times are the install's
    (values.yaml `schedules`)."""

    name: str
    args: tuple[str, ...]
    databases: tuple[tuple[str, str], ...]


def schedules() -> list[Schedule]:
    """Locally, the stack's audit-retention process runs `retain` at an interval."""
    return [Schedule("audit-retention", ("-m", "services.audit", "retain"), (("audit", RETAINER),))]


def callers(server: Process, every: list[Process]) -> dict[str, list[str]]:
    """Who may reach the server's port: the processes whose principal its access
    table allows (any of its services), and the principals outside the cluster
    (an agency's own system, the operator) that it allows."""
    assert server.access is not None
    allowed = set(server.access.principals)
    for _, who in server.access.services:
        allowed |= who
    inside = {p.principal: p.name for p in every}
    outside = sorted(
        p.path
        for p in allowed - inside.keys()
        # The demo's and the tests' clients run only beside a local stack.
        if p.kind != principals.CLIENT
    )
    return {"processes": sorted(inside[p] for p in allowed if p in inside), "outside": outside}
