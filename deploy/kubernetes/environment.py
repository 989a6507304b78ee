"""Each process's settings in the cluster: what deploy/local/stack_processes.py
gives it locally, pointed at the chart's Services, Secrets and mounted files."""

from deploy.kubernetes.processes import Process, Schedule, kube_name
from deploy.local.databases import APPENDER, FOLLOWER, READER, RETAINER
from deploy.local.topology import Topology
from marac.v1 import vocabulary_pb2
from shared_view.rules import RETENTION_DAYS

# Where the cluster's parts are, as the chart names them (templates/).
KAFKA_BOOTSTRAP = "marac-kafka-bootstrap:9093"
TLS_DIR = "/etc/marac/tls"  # the process's own certificate, from cert-manager
IDENTITY_KEYS = "/etc/marac/identity-keys"  # the token signing keys (the operator's Secret)
AUDIT_KEY = "/etc/marac/audit-key/signing-key.pem"
# Each pod's plaintext health port for the kubelet's gRPC probe (MARAC_PROBE_ADDRESS):
# no NetworkPolicy opens it to other pods.
PROBE_PORT = 8086
KEYS_SECRET = "marac-hub-keys"  # linking, cipher, session and handle keys
TLS_ENV = {
    "MARAC_TLS_CA": f"{TLS_DIR}/ca.crt",
    "MARAC_TLS_CERT": f"{TLS_DIR}/tls.crt",
    "MARAC_TLS_KEY": f"{TLS_DIR}/tls.key",
    # Postgres' server certificates come from the same authority.
    "PGSSLMODE": "verify-full",
    "PGSSLROOTCERT": f"{TLS_DIR}/ca.crt",
}


def secret(name: str, key: str) -> dict[str, str]:
    return {"secret": name, "key": key}


def install_value(name: str) -> dict[str, str]:
    """A setting from the install's values.yaml: one value for every process given it."""
    return {"values": name}


# The partnership's MARAC areas: RiskView lists an area's agenda, the meeting service
# schedules meetings of an area, the web app offers the areas; all must agree.
AREAS = {"MARAC_AREAS": install_value("areas")}
# How long after a case's closure it is kept: the projection takes its contribution
# out of the shared view, RiskView's agenda as of a cut-off leaves it out, the
# ledger's retention removes its payloads and the audit service's verify checks the
# removals by it. Their periods differing, verify would find payloads removed too
# soon, or the ledger would keep what the view let go.
RETENTION = {RETENTION_DAYS: install_value("retentionDays")}


def password_env(cluster: str, role: str) -> tuple[str, dict[str, str]]:
    variable = f"PG_{role.upper()}_PASSWORD"
    return variable, secret(f"pg-{kube_name(role)}", "password")


def dsn(cluster: str, role: str) -> str:
    variable, _ = password_env(cluster, role)
    return (
        f"host={kube_name(cluster)}-rw port=5432 dbname={cluster} user={role}"
        f" password=$({variable}) sslmode=verify-full sslrootcert={TLS_DIR}/ca.crt"
    )


def event_store(cluster: str, role: str) -> dict:
    variable, _ = password_env(cluster, role)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": f"{kube_name(cluster)}-rw",
        "POSTGRES_PORT": "5432",
        "POSTGRES_DBNAME": cluster,
        "POSTGRES_USER": role,
        "POSTGRES_PASSWORD": f"$({variable})",
        # As locally: a relay makes its own tracking table (its role may, there).
        "CREATE_TABLE": "y",
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": secret(KEYS_SECRET, f"{cluster}_cipher_key"),
    }


def address(name: str, every: list[Process]) -> str:
    (found,) = [p for p in every if p.name == name]
    return f"{found.name}:{found.port}"


def _listed(env: dict) -> list[dict]:
    # Secrets (and values) first: a value may name one, $(VAR), only if it comes earlier.
    ordered = sorted(env.items(), key=lambda item: not isinstance(item[1], dict))
    return [{"name": k, **(v if isinstance(v, dict) else {"value": v})} for k, v in ordered]


def schedule_environment(s: Schedule) -> list[dict]:
    """A scheduled command's settings: its databases, Postgres' authority, and what
    the command takes (`retain`: the ledger as its retention role, one pass)."""
    env: dict = {"PGSSLMODE": "verify-full", "PGSSLROOTCERT": f"{TLS_DIR}/ca.crt"}
    for cluster, kind in s.databases:
        variable, source = password_env(cluster, f"{cluster}_{kind}")
        env[variable] = source
    if s.name == "audit-retention":
        env["MARAC_AUDIT_RETENTION_DSN"] = dsn("audit", f"audit_{RETAINER}")
        env |= RETENTION
    return _listed(env)


def environment(p: Process, topology: Topology, every: list[Process]) -> dict:
    """The process's settings as stack_processes gives them locally, pointed at the
    cluster's services; a value from a Secret is {secret, key}, one from the install's
    values {values}."""
    t = topology
    env: dict = {
        "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
        "MARAC_PROBE_ADDRESS": f"0.0.0.0:{PROBE_PORT}",
        **TLS_ENV,
    }
    for cluster, kind in p.databases:
        role = f"{cluster}_{kind}" if kind else cluster
        variable, source = password_env(cluster, role)
        env[variable] = source
    listen = f"0.0.0.0:{p.port}"
    env["MARAC_GRPC_ADDRESS" if p.serves_api else "MARAC_HEALTH_ADDRESS"] = listen
    if p.access is not None or p.name == "web":
        env |= t.access_log_env | {"MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP}
    tokens = {
        "MARAC_TOKEN_KEYS": f"{IDENTITY_KEYS}/jwks.json",
    }
    for name in (a.name for a in t.agencies):
        if p.name == kube_name(name):
            env |= event_store(name, name) | {
                "AGENCY_ID": name,
                "LINKING_KEY": secret(KEYS_SECRET, "linking_key"),
                "MARAC_ACTIONS_TOPIC": t.actions_topic(name),
                "MARAC_ACTIONS_GROUP": t.actions_group(name),
            }
        if p.name == kube_name(f"{name}-relay"):
            env |= event_store(name, f"{name}_{FOLLOWER}") | {
                "AGENCY_ID": name,
                "MARAC_TOPIC": t.topic(name),
                "MARAC_ACTION_UPDATES_TOPIC": t.action_updates_topic(name),
            }
    if p.name == "projection":
        env |= {
            "MARAC_CASE_TOPICS": ",".join(t.case_topics),
            "MARAC_AGREEMENTS_TOPIC": t.agreements_topic,
            "MARAC_PROJECTION_ID": t.projection_id,
            "MARAC_TOPIC_AGENCIES": ",".join(
                [f"{a.topic(t.prefix)}={a.kind}" for a in t.agencies]
                + [f"{t.marac_topic}={vocabulary_pb2.AGENCY_KIND_UNSPECIFIED}"]
            ),
            "MARAC_READMODEL_DSN": dsn("readmodel", "readmodel"),
            "MARAC_STATE_DIR": "/var/lib/marac/state",
            **RETENTION,
        }
    if p.name == "riskview":
        env |= tokens | {
            "MARAC_READMODEL_DSN": dsn("readmodel", f"readmodel_{READER}"),
            "MARAC_DISCLOSURE_TOPIC": t.disclosure_topic,
            "MARAC_MEETINGS_ADDRESS": address("marac", every),
            "MARAC_HANDLE_KEY": secret(KEYS_SECRET, "handle_key"),
            **AREAS,
            **RETENTION,
        }
    if p.name == "identity":
        env |= {
            "MARAC_IDENTITY_DSN": dsn("identity", "identity"),
            "MARAC_IDENTITY_KEY_DIR": IDENTITY_KEYS,
        }
    partners = ",".join(f"{a.name}={a.kind}" for a in t.agencies)
    if p.name == "marac":
        env |= (
            event_store("marac", "marac")
            | tokens
            | {
                "MARAC_RISKVIEW_ADDRESS": address("riskview", every),
                "MARAC_PARTNERS": partners,
                "MARAC_ACTION_UPDATES_TOPICS": ",".join(
                    f"{a.name}={t.action_updates_topic(a.name)}" for a in t.agencies
                ),
                "MARAC_TRACKER_GROUP": t.meeting_tracker_group,
                **AREAS,
            }
        )
    if p.name == "marac-relay":
        env |= event_store("marac", f"marac_{FOLLOWER}") | {
            "MARAC_TOPIC": t.marac_topic,
            "MARAC_ACTIONS_TOPICS": ",".join(
                f"{a.name}={t.actions_topic(a.name)}" for a in t.agencies
            ),
        }
    if p.name == "audit":
        env |= (
            event_store("agreements", "agreements")
            | tokens
            | {
                "MARAC_AUDIT_DSN": dsn("audit", f"audit_{APPENDER}"),
                "MARAC_AUDIT_SIGNING_KEY": AUDIT_KEY,
                "MARAC_AUDIT_TOPICS": t.audit_topics_setting(lambda agency: agency),
                "MARAC_AUDIT_GROUP": t.audit_group,
                "MARAC_PARTNERS": partners,
                "MARAC_HANDLE_KEY": secret(KEYS_SECRET, "handle_key"),
                **RETENTION,
            }
        )
    if p.name == "agreements-relay":
        env |= event_store("agreements", f"agreements_{FOLLOWER}") | {
            "MARAC_TOPIC": t.agreements_topic,
        }
    if p.name == "figures-projection":
        env |= {
            "MARAC_CASE_TOPICS": ",".join(t.case_topics),
            "MARAC_FIGURES_PROJECTION_ID": t.figures_projection_id,
            "MARAC_FIGURES_DSN": dsn("figures", "figures"),
            "MARAC_STATE_DIR": "/var/lib/marac/state",
        }
    if p.name == "figures":
        env |= tokens | {"MARAC_FIGURES_DSN": dsn("figures", f"figures_{READER}")}
    if p.name == "web":
        env |= {
            "MARAC_WEB_ADDRESS": f"0.0.0.0:{p.https_port}",
            "MARAC_IDENTITY_ADDRESS": address("identity", every),
            "MARAC_RISKVIEW_ADDRESS": address("riskview", every),
            "MARAC_MEETINGS_ADDRESS": address("marac", every),
            "MARAC_AUDIT_ADDRESS": address("audit", every),
            "MARAC_FIGURES_ADDRESS": address("figures", every),
            "MARAC_WEB_SESSION_KEY": secret(KEYS_SECRET, "web_session_key"),
            **AREAS,
        }
    return _listed(env)
