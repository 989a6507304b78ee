"""The local stack as processes: provisions each agency's database, role and
topic, then starts the agency services, their relays, the risk projection and
RiskView, each on loopback. The demo and the end-to-end tests both use it.

Postgres and Kafka themselves are started by deploy/local/infra.sh.
"""

import contextlib
import json
import os
import secrets
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from eventsourcing.cryptography import AESCipher
from kafka.admin import NewTopic, ResourceType
from kafka.errors import TopicAlreadyExistsError

from deploy.local import kafka_access
from deploy.local.agreements import record_standard_agreement
from deploy.local.databases import (
    APPENDER,
    FOLLOWER,
    LOCAL,  # where the local stack keeps its state, for its users
    POSTGRES_TLS,
    RETAINER,
    Database,
    drop_database,
    provision_database,
    provision_reader,
)
from deploy.local.kafka_access import KAFKA_BOOTSTRAP, operator_admin
from deploy.local.people import LocalPeople
from deploy.local.pki import Issued, Pki
from deploy.local.ports import free_port
from deploy.local.processes import STATUS_FILE, Process, Supervisor
from deploy.local.stack_processes import define_processes
from deploy.local.topology import Topology
from figures.store import create_tables as figures_schema
from marac.v1 import agency_case_pb2
from services.agencies import AGENCIES, Agency
from services.audit import store as audit_store
from services.audit.keys import ensure_signing_key
from services.common import matching, principals
from services.common.files import replace_file
from services.common.metrics import ADDRESS_VARIABLE as METRICS_ADDRESS
from services.common.principals import Principal
from shared_view.schema import migrate

REPO = Path(__file__).resolve().parents[2]

__all__ = ["KAFKA_BOOTSTRAP", "LOCAL", "REPO", "Process", "Stack", "free_port", "match_key"]
TOPIC_PARTITIONS = 3
# The demo's processes serve their metrics from here up, one port each, in the order
# they are defined (tests take free ports).
METRICS_PORT = 9460
MEETINGS = "marac"  # the meeting service's store, database and processes
AUDIT = "audit"  # the audit ledger's database and process
RETENTION_EVERY = 24 * 3600.0  # the ledger's retention: a pass a day
FIGURES = "figures"  # the figures' read model (the figures projection's)
AGREEMENTS = "agreements"  # the data-sharing agreements' store (the audit service's)


def match_key(linking_key: str, subject: agency_case_pb2.SubjectIdentity) -> str:
    """The match key an agency service holding `linking_key` (hex) derives for a case
    opened with `subject`. Only who holds the linking key can compute it: no agency
    service returns it, so the tests and the demo find a subject in the shared view
    as its operator would, from the identity they sent."""
    return matching.subject_key(
        bytes.fromhex(linking_key),
        subject.given_name, subject.family_name, subject.date_of_birth, subject.postcode,
    )  # fmt: skip


def create_topics(names: list[str]) -> None:
    with operator_admin(KAFKA_BOOTSTRAP) as admin:
        for name in names:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(
                    [NewTopic(name, num_partitions=TOPIC_PARTITIONS, replication_factor=1)]
                )


# One request process per two cores, at most four: with fewer cores they compete with
# the writer, relays and projection (on two cores, freshness p99 0.7-1.7 s with two,
# 0.5-0.7 s with none, for 12% more ingest).
REQUEST_PROCESSES = max(1, min((os.cpu_count() or 1) // 2, 4))
if os.environ.get("MARAC_REQUEST_PROCESSES", "").isdigit():
    # Otherwise the services themselves refuse the value, naming the variable.
    REQUEST_PROCESSES = int(os.environ["MARAC_REQUEST_PROCESSES"])
# RiskView's processes on its port, by the same rule: on two cores a second process
# costs more than it gives (README, Benchmarks: the chair's reads).
RISKVIEW_PROCESSES = max(1, min((os.cpu_count() or 1) // 2, 4))
if os.environ.get("MARAC_RISKVIEW_PROCESSES", "").isdigit():
    RISKVIEW_PROCESSES = int(os.environ["MARAC_RISKVIEW_PROCESSES"])

# Risk-projection workers in the one consumer group, each with its partitions (the
# topics have TOPIC_PARTITIONS each). One: on two cores a second gained nothing
# (README, Benchmarks). MARAC_PROJECTION_WORKERS changes it.
PROJECTION_WORKERS = 1
if os.environ.get("MARAC_PROJECTION_WORKERS", "").isdigit():
    PROJECTION_WORKERS = max(1, int(os.environ["MARAC_PROJECTION_WORKERS"]))


@dataclass
class Stack(Topology):
    """One deployment of MARAC Hub on this machine, named by `prefix`."""

    prefix: str
    log_dir: Path
    secrets_file: Path | None = None
    fixed_ports: bool = False
    agencies: tuple[Agency, ...] = AGENCIES
    # Each agency service's request processes (MARAC_REQUEST_PROCESSES).
    request_processes: int = REQUEST_PROCESSES
    # RiskView's processes sharing its port (MARAC_RISKVIEW_PROCESSES).
    riskview_processes: int = RISKVIEW_PROCESSES
    # The risk projection's workers: "projection", "projection-2", ...
    projection_workers: int = PROJECTION_WORKERS
    # Whether it records the partnership's standard data-sharing agreement on start
    # (deploy.local.agreements); without one nothing is shared.
    standard_agreement: bool = True
    processes: dict[str, Process] = field(default_factory=dict)
    databases: dict[str, Database] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    certificates: dict[Principal, Issued] = field(default_factory=dict)
    supervisor: Supervisor | None = None
    # The identity directory, its keys and demo users (deploy.local.people).
    people: LocalPeople | None = None
    # The web app's own settings (MARAC_WEB_IDLE_SECONDS, ...), for a test to change.
    web_settings: dict[str, str] = field(default_factory=dict)
    # Whose people's tokens RiskView and the meeting service accept (MARAC_TOKEN_*),
    # over the identity directory's: a test's own OpenID Connect issuer, say.
    token_settings: dict[str, str] = field(default_factory=dict)
    # The audit service's signing key and its public key (services.audit.keys).
    audit_keys: tuple[Path, Path] | None = None
    # How often the ledger's retention runs a pass (MARAC_AUDIT_RETENTION_EVERY, seconds).
    retention_every: float = RETENTION_EVERY
    # The partnership's MARAC areas (MARAC_AREAS, shared_view/areas.py), as RiskView, the
    # meeting service and the web app read them; none: the whole partnership is one area.
    areas: str = ""

    @property
    def areas_env(self) -> dict[str, str]:
        return {"MARAC_AREAS": self.areas} if self.areas else {}

    def grpc_address(self, name: str) -> str:
        return self.processes[name].grpc_address

    def match_key(self, subject: agency_case_pb2.SubjectIdentity) -> str:
        """The match key this stack's agency services derive for `subject`."""
        return match_key(self.settings["linking_key"], subject)

    def _secrets(self) -> dict[str, str]:
        """Keys and passwords, kept across restarts when a secrets file is given; one
        a newer version needs and the file lacks is made and added."""
        kept = {}
        if self.secrets_file and self.secrets_file.exists():
            kept = json.loads(self.secrets_file.read_text())
        made = {
            "linking_key": lambda: secrets.token_hex(32),
            "readmodel_reader_password": lambda: secrets.token_urlsafe(18),
            "web_session_key": lambda: secrets.token_hex(32),
            "audit_password": lambda: secrets.token_urlsafe(18),
            "audit_appender_password": lambda: secrets.token_urlsafe(18),
            "audit_retention_password": lambda: secrets.token_urlsafe(18),
            "figures_password": lambda: secrets.token_urlsafe(18),
            "figures_reader_password": lambda: secrets.token_urlsafe(18),
        }
        for name in self._followed_stores:
            made[f"{name}_relay_password"] = lambda: secrets.token_urlsafe(18)
        for name in (*self._followed_stores, "readmodel"):
            made[f"{name}_password"] = lambda: secrets.token_urlsafe(18)
            made[f"{name}_cipher_key"] = lambda: AESCipher.create_key(num_bytes=32)
        values = {name: kept.get(name) or make() for name, make in made.items()}
        if self.secrets_file and values != kept:
            self.secrets_file.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.secrets_file, json.dumps(values))
        return values

    @property
    def principals(self) -> list[Principal]:
        """Every principal of this deployment: its processes, each agency's own case
        system, the programs that call RiskView for people, and its operator."""
        found = [
            principals.PROJECTION_PRINCIPAL,
            principals.FIGURES_PROJECTION,
            principals.RISKVIEW_PRINCIPAL,
            principals.FIGURES_PRINCIPAL,
            principals.IDENTITY_PRINCIPAL,
            principals.WEB_PRINCIPAL,
            principals.MEETINGS_PRINCIPAL,
            principals.MEETINGS_RELAY,
            principals.AUDIT_PRINCIPAL,
            principals.AUDIT_RETENTION,
            principals.AGREEMENTS_RELAY,
            principals.DEMO_CLIENT,
            principals.TEST_CLIENT,
            principals.STACK_OPERATOR,
            principals.SUPERVISOR,
        ]
        for agency in self.agencies:
            found += [
                principals.agency_service(agency.name),
                principals.agency_system(agency.name),
                principals.relay(agency.name),
            ]
        return found

    def credentials(self, principal: Principal) -> grpc.ChannelCredentials:
        """What a client of this stack presents as `principal`."""
        return self.certificates[principal].channel_credentials()

    def channel(self, name: str, principal: Principal) -> grpc.Channel:
        """A channel to the named process's API, as `principal`."""
        return self.channel_to(self.grpc_address(name), principal)

    def channel_to(self, address: str, principal: Principal) -> grpc.Channel:
        return grpc.secure_channel(address, self.credentials(principal))

    def agency_channel(self, agency: str) -> grpc.Channel:
        """A channel to the agency's service, as the agency's own case system."""
        return self.channel(agency, principals.agency_system(agency))

    @property
    def _followed_stores(self) -> tuple[str, ...]:
        """The event stores a relay follows: each agency's, the meetings' and the
        agreements'."""
        return (*(a.name for a in self.agencies), MEETINGS, AGREEMENTS)

    def provision(self) -> None:
        self.certificates = Pki().issue(self.principals)
        self.settings = self._secrets()
        for name in (*self._followed_stores, "readmodel", AUDIT, FIGURES):
            db_name = f"{self.prefix}_{name}".replace("-", "_").replace(".", "_")
            self.databases[name] = provision_database(db_name, self.settings[f"{name}_password"])
        for name in self._followed_stores:
            # A relay reads its service's store and changes nothing in it.
            self.databases[f"{name}_relay"] = provision_reader(
                self.databases[name], self.settings[f"{name}_relay_password"], FOLLOWER
            )
        # Before the projection and RiskView start: neither changes the schema.
        migrate(self.databases["readmodel"].conninfo())
        self.databases["readmodel_reader"] = provision_reader(
            self.databases["readmodel"], self.settings["readmodel_reader_password"]
        )
        self._provision_audit()
        # The figures' tables, made by their owner, the projection; the service reads.
        figures_schema(self.databases[FIGURES].conninfo())
        self.databases["figures_reader"] = provision_reader(
            self.databases[FIGURES], self.settings["figures_reader_password"]
        )
        create_topics(self.topics)
        kafka_access.grant(KAFKA_BOOTSTRAP, self.kafka_grants)
        self.people = LocalPeople.provision(self)
        self._define_processes()

    def _provision_audit(self) -> None:
        """The ledger's tables, made by its database's owner; the service's own role
        may only add rows and read them, the retention role only remove payloads."""
        owner = self.databases[AUDIT]
        audit_store.migrate(owner.conninfo())
        self.databases["audit_appender"] = provision_reader(
            owner, self.settings["audit_appender_password"], APPENDER
        )
        retention = provision_reader(owner, self.settings["audit_retention_password"], RETAINER)
        audit_store.grant_retention(owner.conninfo(), retention.user)
        self.databases["audit_retention"] = retention
        home = LOCAL / AUDIT / self.prefix
        self.audit_keys = ensure_signing_key(home)
        # For the operator's `python -m services.audit verify | export` (0600; quoted,
        # so that a shell can read it: `set -a; . reader.env`).
        reader = {
            "MARAC_AUDIT_DSN": self.databases["audit_appender"].conninfo(),
            "MARAC_AUDIT_PUBLIC_KEY": str(self.audit_keys[1]),
        }
        # For the operator's `python -m services.audit retain` by hand (the stack's
        # audit-retention process runs it on a schedule).
        retainer = {"MARAC_AUDIT_RETENTION_DSN": retention.conninfo()}
        for name, values in (("reader.env", reader), ("retention.env", retainer)):
            replace_file(home / name, "".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items()))

    def port(self, fixed: int) -> int:
        """The demo's fixed port, or a free one for tests."""
        return fixed if self.fixed_ports else free_port()

    def _define_processes(self) -> None:
        define_processes(self)

    @property
    def web_url(self) -> str:
        return f"https://{self.processes['web'].env['MARAC_WEB_ADDRESS']}"

    def metrics_address(self, name: str) -> str:
        """Where process `name` serves its Prometheus metrics (plain HTTP, loopback)."""
        return self.processes[name].env[METRICS_ADDRESS]

    def tls_env(self, principal: Principal) -> dict[str, str]:
        return self.certificates[principal].tls_env()

    def add_process(
        self,
        name: str,
        args: list[str],
        env: dict[str, str],
        address: str | None = None,
        health_address: str | None = None,
    ) -> None:
        # Every process reaches Postgres over TLS, checking the server's certificate,
        # and serves its metrics on a port of its own (services.common.metrics).
        metrics = f"127.0.0.1:{self.port(METRICS_PORT + len(self.processes))}"
        env = {**POSTGRES_TLS, METRICS_ADDRESS: metrics, **env}
        self.processes[name] = Process(
            name, args, env, self.log_dir / f"{name}.log", address, health_address or address
        )

    def start(self, progress=print, only: tuple[str, ...] = ()) -> None:
        """Starts the services, waits until they serve, then the relays and projection
        (a service creates its store's tables; a relay only follows them)."""
        chosen = [p for name, p in self.processes.items() if not only or name in only]
        servers = [p for p in chosen if p.grpc_address]
        for process in servers:
            progress(f"starting {process.name}")
            process.start()
        for process in servers:
            process.wait_serving()
            progress(f"{process.name} serving on {process.grpc_address}")
        if self.standard_agreement and "audit" in {p.name for p in servers}:
            agreed = record_standard_agreement(self)
            progress(f"standard data-sharing agreement in force: {agreed.agreement_id}")
        for process in chosen:
            if not process.grpc_address:
                progress(f"starting {process.name}")
                process.start()
        if self.supervisor is None:
            self.supervisor = Supervisor(
                lambda: list(self.processes.values()),
                self.log_dir / "supervision.log",
                status_path=self.log_dir / STATUS_FILE,
            )
            self.supervisor.start()

    def restart(self, name: str) -> None:
        process = self.processes[name]
        process.stop()
        process.start()
        if process.grpc_address:
            process.wait_serving()

    def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = None
        for process in reversed(list(self.processes.values())):
            process.stop()

    def teardown(self) -> None:
        """Stops the processes and removes the databases and topics (tests only)."""
        self.stop()
        for dbname in {db.dbname for db in self.databases.values()}:
            drop_database(dbname)
        # The signing key of a ledger that is gone signs nothing more.
        shutil.rmtree(LOCAL / AUDIT / self.prefix, ignore_errors=True)
        with operator_admin(KAFKA_BOOTSTRAP) as admin:
            admin.delete_topics(self.topics)
        kafka_access.revoke(
            KAFKA_BOOTSTRAP,
            [
                *((ResourceType.TOPIC, topic) for topic in self.topics),
                (ResourceType.GROUP, self.projection_id),
                (ResourceType.GROUP, self.figures_projection_id),
                *((ResourceType.GROUP, self.actions_group(a.name)) for a in self.agencies),
                (ResourceType.GROUP, self.meeting_tracker_group),
                (ResourceType.GROUP, self.audit_group),
            ],
        )
