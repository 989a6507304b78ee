"""The processes of a local stack, each with only its own settings and secrets:
the agency services and relays, the projection, RiskView, the identity service,
the meeting service and its relay, and the web app."""

from typing import TYPE_CHECKING

from deploy.local.databases import LOCAL
from deploy.local.kafka_access import KAFKA_BOOTSTRAP
from marac.v1 import vocabulary_pb2
from services.audit.settings import AUDIT_PORT
from services.common import principals

if TYPE_CHECKING:
    from deploy.local.stack import Stack

# The demo stack's ports; tests take free ports instead. Each agency's is in its entry
# in services.agencies.
RISKVIEW_PORT = 50070
MEETINGS_PORT = 50066
IDENTITY_PORT = 50068
FIGURES_PORT = 50090
WEB_PORT = 8443
# A process that serves no API answers health checks 100 above its neighbour's
# port: a relay above its agency's service, the projection above RiskView.
HEALTH_PORT_OFFSET = 100
# Clear of the projection workers' health ports (RiskView's port plus 100 and up).
AGREEMENTS_RELAY_HEALTH_PORT = 50179
AUDIT_RETENTION_HEALTH_PORT = 50178


def define_processes(stack: "Stack") -> None:
    for entry in stack.agencies:
        agency = entry.name
        store = stack.databases[agency]
        agency_env = {
            **store.event_store_env(),
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": stack.settings[f"{agency}_cipher_key"],
            "AGENCY_ID": f"local-{agency}",
        }
        address = f"127.0.0.1:{stack.port(entry.grpc_port)}"
        # Only the service holds the linking key: the relay publishes match keys
        # already made.
        service_env = {
            **agency_env,
            "LINKING_KEY": stack.settings["linking_key"],
            "MARAC_GRPC_ADDRESS": address,
            "MARAC_REQUEST_PROCESSES": str(stack.request_processes),
            # The actions meetings agreed for the agency, which it records on its cases.
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_ACTIONS_TOPIC": stack.actions_topic(agency),
            "MARAC_ACTIONS_GROUP": stack.actions_group(agency),
            **stack.access_log_env,
        }
        service_env |= stack.tls_env(principals.agency_service(agency))
        stack.add_process(agency, ["-m", entry.package, "serve"], service_env, address)
        health = f"127.0.0.1:{stack.port(entry.grpc_port + HEALTH_PORT_OFFSET)}"
        follower = stack.databases[f"{agency}_relay"]
        relay_env = {
            **agency_env,
            "POSTGRES_USER": follower.user,
            "POSTGRES_PASSWORD": follower.password,
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_TOPIC": stack.topic(agency),
            "MARAC_ACTION_UPDATES_TOPIC": stack.action_updates_topic(agency),
            "MARAC_HEALTH_ADDRESS": health,
            **stack.tls_env(principals.relay(agency)),
        }
        stack.add_process(
            f"{agency}-relay", ["-m", entry.package, "relay"], relay_env, health_address=health
        )
    for worker in range(1, stack.projection_workers + 1):
        _add_projection_worker(stack, worker)
    # RiskView only reads the shared view: SELECT, and nothing else.
    reader = stack.databases["readmodel_reader"].conninfo()
    address = f"127.0.0.1:{stack.port(RISKVIEW_PORT)}"
    meetings = f"127.0.0.1:{stack.port(MEETINGS_PORT)}"  # RiskView and it call each other
    stack.add_process(
        "riskview",
        ["-m", "services.riskview"],
        {
            "MARAC_READMODEL_DSN": reader,
            "MARAC_GRPC_ADDRESS": address,
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_DISCLOSURE_TOPIC": stack.disclosure_topic,
            "MARAC_RISKVIEW_PROCESSES": str(stack.riskview_processes),
            # Asked whether a subject not eligible now is on a meeting's agenda.
            "MARAC_MEETINGS_ADDRESS": meetings,
            **stack.areas_env,
            **stack.access_log_env,
            **stack.people.riskview_env(),
            **stack.token_settings,
            **stack.tls_env(principals.RISKVIEW_PRINCIPAL),
        },
        address,
    )
    address = f"127.0.0.1:{stack.port(IDENTITY_PORT)}"
    stack.add_process(
        "identity",
        ["-m", "services.identity", "serve"],
        {
            **stack.people.identity_env(),
            "MARAC_GRPC_ADDRESS": address,
            **stack.access_log_env,
            **stack.tls_env(principals.IDENTITY_PRINCIPAL),
        },
        address,
    )
    _add_meetings(stack, meetings)
    _add_figures(stack)
    _add_audit(stack)
    _add_web(stack, address)


def _add_figures(stack: "Stack") -> None:
    """The figures projection (its own consumer group, writing the figures' database
    as its owner) and the figures service (reading it, SELECT only)."""
    health = f"127.0.0.1:{stack.port(FIGURES_PORT + HEALTH_PORT_OFFSET)}"
    stack.add_process(
        "figures-projection",
        ["-m", "figures", "project"],
        {
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_CASE_TOPICS": ",".join(stack.case_topics),
            "MARAC_FIGURES_PROJECTION_ID": stack.figures_projection_id,
            "MARAC_FIGURES_DSN": stack.databases["figures"].conninfo(),
            "MARAC_STATE_DIR": str(LOCAL / "state" / stack.prefix / "figures-projection"),
            "MARAC_HEALTH_ADDRESS": health,
            **stack.tls_env(principals.FIGURES_PROJECTION),
        },
        health_address=health,
    )
    address = f"127.0.0.1:{stack.port(FIGURES_PORT)}"
    stack.add_process(
        "figures",
        ["-m", "services.figures"],
        {
            "MARAC_FIGURES_DSN": stack.databases["figures_reader"].conninfo(),
            "MARAC_GRPC_ADDRESS": address,
            **stack.access_log_env,
            **stack.people.riskview_env(),
            **stack.token_settings,
            **stack.tls_env(principals.FIGURES_PRINCIPAL),
        },
        address,
    )


def _add_projection_worker(stack: "Stack", worker: int) -> None:
    """A risk-projection worker in the projection's consumer group, under a static
    member id of its own (restarted, it takes its partitions back at once), with
    its own health port and Faust state; the first answers 100 above RiskView."""
    name = "projection" if worker == 1 else f"projection-{worker}"
    offset = HEALTH_PORT_OFFSET + worker - 1
    health = f"127.0.0.1:{stack.port(RISKVIEW_PORT + offset)}"
    stack.add_process(
        name,
        ["-m", "projections"],
        {
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_CASE_TOPICS": ",".join(stack.case_topics),
            "MARAC_AGREEMENTS_TOPIC": stack.agreements_topic,
            "MARAC_PROJECTION_ID": stack.projection_id,
            "MARAC_PROJECTION_INSTANCE": f"{stack.projection_id}-{worker}",
            # Whose events each topic carries: the meeting service is no agency.
            "MARAC_TOPIC_AGENCIES": ",".join(
                [f"{a.topic(stack.prefix)}={a.kind}" for a in stack.agencies]
                + [f"{stack.marac_topic}={vocabulary_pb2.AGENCY_KIND_UNSPECIFIED}"]
            ),
            "MARAC_READMODEL_DSN": stack.databases["readmodel"].conninfo(),
            "MARAC_STATE_DIR": str(LOCAL / "state" / stack.prefix / name),
            "MARAC_HEALTH_ADDRESS": health,
            **stack.tls_env(principals.PROJECTION_PRINCIPAL),
        },
        health_address=health,
    )


def _add_web(stack: "Stack", identity_address: str) -> None:
    """The web app: HTTPS for people, a health service for the supervisor."""
    health = f"127.0.0.1:{stack.port(WEB_PORT + HEALTH_PORT_OFFSET)}"
    stack.add_process(
        "web",
        ["-m", "services.web"],
        {
            "MARAC_WEB_ADDRESS": f"127.0.0.1:{stack.port(WEB_PORT)}",
            "MARAC_IDENTITY_ADDRESS": identity_address,
            "MARAC_RISKVIEW_ADDRESS": stack.grpc_address("riskview"),
            "MARAC_MEETINGS_ADDRESS": stack.grpc_address("marac"),
            "MARAC_AUDIT_ADDRESS": stack.grpc_address("audit"),
            "MARAC_FIGURES_ADDRESS": stack.grpc_address("figures"),
            "MARAC_WEB_SESSION_KEY": stack.settings["web_session_key"],
            "MARAC_HEALTH_ADDRESS": health,
            **stack.areas_env,  # a chair chooses an area's agenda
            **stack.access_log_env,
            **stack.web_settings,
            **stack.tls_env(principals.WEB_PRINCIPAL),
        },
        health_address=health,
    )


def _add_meetings(stack: "Stack", address: str) -> None:
    """The meeting service (its own store, RiskView's subjects, the agencies' action
    updates) and its relay (the MARAC topic, each agency's actions topic)."""
    store = stack.databases["marac"]
    store_env = {
        **store.event_store_env(),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": stack.settings["marac_cipher_key"],
    }
    stack.add_process(
        "marac",
        ["-m", "services.marac", "serve"],
        {
            **store_env,
            "MARAC_GRPC_ADDRESS": address,
            "MARAC_RISKVIEW_ADDRESS": stack.grpc_address("riskview"),
            "MARAC_PARTNERS": ",".join(f"local-{a.name}={a.kind}" for a in stack.agencies),
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_ACTION_UPDATES_TOPICS": ",".join(
                f"local-{a.name}={stack.action_updates_topic(a.name)}" for a in stack.agencies
            ),
            "MARAC_TRACKER_GROUP": stack.meeting_tracker_group,
            **stack.areas_env,
            **stack.access_log_env,
            **stack.people.token_env(),
            **stack.token_settings,
            **stack.tls_env(principals.MEETINGS_PRINCIPAL),
        },
        address,
    )
    follower = stack.databases["marac_relay"]
    health = f"127.0.0.1:{stack.port(MEETINGS_PORT + HEALTH_PORT_OFFSET)}"
    stack.add_process(
        "marac-relay",
        ["-m", "services.marac", "relay"],
        {
            **store_env,
            "POSTGRES_USER": follower.user,
            "POSTGRES_PASSWORD": follower.password,
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_TOPIC": stack.marac_topic,
            "MARAC_ACTIONS_TOPICS": ",".join(
                f"local-{a.name}={stack.actions_topic(a.name)}" for a in stack.agencies
            ),
            "MARAC_HEALTH_ADDRESS": health,
            **stack.tls_env(principals.MEETINGS_RELAY),
        },
        health_address=health,
    )


def _add_audit(stack: "Stack") -> None:
    """The audit ledger: its database as its own role (INSERT and SELECT), its
    signing key, and every topic it keeps, read in its own group; its retention,
    a pass at each interval; the register of data-sharing agreements (its own
    store) and the agreements' relay."""
    address = f"127.0.0.1:{stack.port(AUDIT_PORT)}"
    signing_key, _ = stack.audit_keys
    store_env = {
        **stack.databases["agreements"].event_store_env(),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": stack.settings["agreements_cipher_key"],
    }
    stack.add_process(
        "audit",
        ["-m", "services.audit", "serve"],
        {
            "MARAC_AUDIT_DSN": stack.databases["audit_appender"].conninfo(),
            "MARAC_AUDIT_SIGNING_KEY": str(signing_key),
            "MARAC_AUDIT_TOPICS": stack.audit_topics_setting(lambda agency: f"local-{agency}"),
            "MARAC_AUDIT_GROUP": stack.audit_group,
            "MARAC_GRPC_ADDRESS": address,
            "MARAC_PARTNERS": ",".join(f"local-{a.name}={a.kind}" for a in stack.agencies),
            # The IG console reads the handles the access log records.
            "MARAC_HANDLE_KEY": stack.people.handle_key,
            **store_env,
            **stack.access_log_env,
            **stack.people.token_env(),
            **stack.token_settings,
            **stack.tls_env(principals.AUDIT_PRINCIPAL),
        },
        address,
    )
    # Retention on the ledger, on a schedule of its own: as the retention role, which
    # may only remove payloads (the service's role may not).
    retention_health = f"127.0.0.1:{stack.port(AUDIT_RETENTION_HEALTH_PORT)}"
    stack.add_process(
        "audit-retention",
        ["-m", "services.audit", "retain"],
        {
            "MARAC_AUDIT_RETENTION_DSN": stack.databases["audit_retention"].conninfo(),
            "MARAC_AUDIT_RETENTION_EVERY": str(stack.retention_every),
            "MARAC_HEALTH_ADDRESS": retention_health,
            # Its health service answers as itself: not as the audit service, whose
            # certificate could pose as that server and read every topic it reads.
            **stack.tls_env(principals.AUDIT_RETENTION),
        },
        health_address=retention_health,
    )
    follower = stack.databases["agreements_relay"]
    health = f"127.0.0.1:{stack.port(AGREEMENTS_RELAY_HEALTH_PORT)}"
    stack.add_process(
        "agreements-relay",
        ["-m", "services.audit", "agreements-relay"],
        {
            **store_env,
            "POSTGRES_USER": follower.user,
            "POSTGRES_PASSWORD": follower.password,
            "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
            "MARAC_TOPIC": stack.agreements_topic,
            "MARAC_HEALTH_ADDRESS": health,
            **stack.tls_env(principals.AGREEMENTS_RELAY),
        },
        health_address=health,
    )
