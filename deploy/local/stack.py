"""The local stack as processes: provisions each agency's database, role and
topic, then starts the agency services, their relays, the risk projection and
RiskView, each on loopback. The demo and the end-to-end tests both use it.

Postgres and Kafka themselves are started by deploy/local/infra.sh.
"""

import contextlib
import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from eventsourcing.cryptography import AESCipher
from kafka.admin import NewTopic, ResourceType
from kafka.errors import TopicAlreadyExistsError

from deploy.local import kafka_access
from deploy.local.databases import (
    FOLLOWER,
    POSTGRES_TLS,
    Database,
    drop_database,
    provision_database,
    provision_reader,
)
from deploy.local.kafka_access import Grant, joins, operator_admin, reads, writes
from deploy.local.people import LocalPeople
from deploy.local.pki import Issued, Pki
from deploy.local.processes import STATUS_FILE, Process, Supervisor
from marac.v1 import agency_case_pb2, vocabulary_pb2
from services.agencies import AGENCIES, Agency
from services.common import matching, principals
from services.common.files import replace_file
from services.common.principals import Principal
from shared_view.schema import migrate

REPO = Path(__file__).resolve().parents[2]
LOCAL = Path(os.environ.get("MARAC_LOCAL_DIR", REPO / ".local"))
KAFKA_BOOTSTRAP = os.environ.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092")

# The demo stack's RiskView port; tests take free ports instead. Each agency runs
# as `python -m <its package>` with its own database, role, topic and port, all
# from its entry in services.agencies.
RISKVIEW_PORT = 50070
IDENTITY_PORT = 50068
WEB_PORT = 8443
# A process that serves no API answers health checks 100 above its neighbour's
# port: a relay above its agency's service, the projection above RiskView.
HEALTH_PORT_OFFSET = 100
TOPIC_PARTITIONS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@dataclass
class Stack:
    """One deployment of MARAC Hub on this machine, named by `prefix`."""

    prefix: str
    log_dir: Path
    secrets_file: Path | None = None
    fixed_ports: bool = False
    agencies: tuple[Agency, ...] = AGENCIES
    # Each agency service's request processes (MARAC_REQUEST_PROCESSES).
    request_processes: int = REQUEST_PROCESSES
    processes: dict[str, Process] = field(default_factory=dict)
    databases: dict[str, Database] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    certificates: dict[Principal, Issued] = field(default_factory=dict)
    supervisor: Supervisor | None = None
    # The identity directory, its keys and demo users (deploy.local.people).
    people: LocalPeople | None = None
    # The web app's own settings (MARAC_WEB_IDLE_SECONDS, ...), for a test to change.
    web_settings: dict[str, str] = field(default_factory=dict)

    def topic(self, agency: str) -> str:
        return self._agency(agency).topic(self.prefix)

    def _agency(self, name: str) -> Agency:
        (agency,) = [a for a in self.agencies if a.name == name]
        return agency

    @property
    def case_topics(self) -> list[str]:
        """Every agency's topic and the MARAC meetings' topic: what the projection reads."""
        return [*(a.topic(self.prefix) for a in self.agencies), self.marac_topic]

    @property
    def topics(self) -> list[str]:
        return [*self.case_topics, self.disclosure_topic, *self.action_topics]

    def actions_topic(self, agency: str) -> str:
        return self._agency(agency).actions_topic(self.prefix)

    def action_updates_topic(self, agency: str) -> str:
        return self._agency(agency).action_updates_topic(self.prefix)

    @property
    def action_topics(self) -> list[str]:
        """Each agency's actions topic and its updates topic."""
        return [
            t
            for a in self.agencies
            for t in (self.actions_topic(a.name), self.action_updates_topic(a.name))
        ]

    def actions_group(self, agency: str) -> str:
        """The consumer group in which the agency's service reads its actions."""
        return f"{self.prefix}-{agency}-meeting-actions"

    @property
    def meeting_tracker_group(self) -> str:
        """The consumer group in which the meeting service reads the agencies' updates."""
        return f"{self.prefix}-meeting-tracker"

    @property
    def marac_topic(self) -> str:
        return f"{self.prefix}.case-events.marac"

    @property
    def disclosure_topic(self) -> str:
        return f"{self.prefix}.disclosures"

    @property
    def projection_id(self) -> str:
        """The risk projection's name, and its consumer group's."""
        return f"{self.prefix}-risk-projection"

    @property
    def kafka_grants(self) -> list[Grant]:
        """What each of the stack's principals may do on its topics, and no more."""
        return [
            *(writes(principals.relay(a.name), a.topic(self.prefix)) for a in self.agencies),
            *(reads(principals.PROJECTION_PRINCIPAL, topic) for topic in self.case_topics),
            joins(principals.PROJECTION_PRINCIPAL, self.projection_id),
            writes(principals.RISKVIEW_PRINCIPAL, self.disclosure_topic),
            *self._action_grants(),
        ]

    def _action_grants(self) -> list[Grant]:
        """The meetings' relay writes each agency's actions, which only that agency's
        service reads; each agency's relay writes its updates, which only the meeting
        service reads."""
        grants = [joins(principals.MEETINGS_PRINCIPAL, self.meeting_tracker_group)]
        for a in self.agencies:
            actions, updates = self.actions_topic(a.name), self.action_updates_topic(a.name)
            grants += [
                writes(principals.MEETINGS_RELAY, actions),
                reads(principals.agency_service(a.name), actions),
                joins(principals.agency_service(a.name), self.actions_group(a.name)),
                writes(principals.relay(a.name), updates),
                reads(principals.MEETINGS_PRINCIPAL, updates),
            ]
        return grants

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
        }
        for agency in self.agencies:
            made[f"{agency.name}_relay_password"] = lambda: secrets.token_urlsafe(18)
        for name in (*(a.name for a in self.agencies), "readmodel"):
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
            principals.RISKVIEW_PRINCIPAL,
            principals.IDENTITY_PRINCIPAL,
            principals.WEB_PRINCIPAL,
            principals.MEETINGS_PRINCIPAL,
            principals.MEETINGS_RELAY,
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

    def provision(self) -> None:
        self.certificates = Pki().issue(self.principals)
        self.settings = self._secrets()
        for name in (*(a.name for a in self.agencies), "readmodel"):
            db_name = f"{self.prefix}_{name}".replace("-", "_").replace(".", "_")
            self.databases[name] = provision_database(db_name, self.settings[f"{name}_password"])
        for agency in self.agencies:
            # A relay reads its agency's store and changes nothing in it.
            self.databases[f"{agency.name}_relay"] = provision_reader(
                self.databases[agency.name],
                self.settings[f"{agency.name}_relay_password"],
                FOLLOWER,
            )
        # Before the projection and RiskView start: neither changes the schema.
        migrate(self.databases["readmodel"].conninfo())
        self.databases["readmodel_reader"] = provision_reader(
            self.databases["readmodel"], self.settings["readmodel_reader_password"]
        )
        create_topics(self.topics)
        kafka_access.grant(KAFKA_BOOTSTRAP, self.kafka_grants)
        self.people = LocalPeople.provision(self)
        self._define_processes()

    def _port(self, fixed: int) -> int:
        """The demo's fixed port, or a free one for tests."""
        return fixed if self.fixed_ports else free_port()

    def _define_processes(self) -> None:
        for entry in self.agencies:
            agency = entry.name
            store = self.databases[agency]
            agency_env = {
                **store.event_store_env(),
                "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
                "CIPHER_KEY": self.settings[f"{agency}_cipher_key"],
                "AGENCY_ID": f"local-{agency}",
            }
            address = f"127.0.0.1:{self._port(entry.grpc_port)}"
            # Only the service holds the linking key: the relay publishes match keys
            # already made.
            service_env = {
                **agency_env,
                "LINKING_KEY": self.settings["linking_key"],
                "MARAC_GRPC_ADDRESS": address,
                "MARAC_REQUEST_PROCESSES": str(self.request_processes),
                # The actions meetings agreed for the agency, which it records on its cases.
                "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
                "MARAC_ACTIONS_TOPIC": self.actions_topic(agency),
                "MARAC_ACTIONS_GROUP": self.actions_group(agency),
            }
            service_env |= self._tls(principals.agency_service(agency))
            self._add(agency, ["-m", entry.package, "serve"], service_env, address)
            health = f"127.0.0.1:{self._port(entry.grpc_port + HEALTH_PORT_OFFSET)}"
            follower = self.databases[f"{agency}_relay"]
            relay_env = {
                **agency_env,
                "POSTGRES_USER": follower.user,
                "POSTGRES_PASSWORD": follower.password,
                "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
                "MARAC_TOPIC": self.topic(agency),
                "MARAC_ACTION_UPDATES_TOPIC": self.action_updates_topic(agency),
                "MARAC_HEALTH_ADDRESS": health,
                **self._tls(principals.relay(agency)),
            }
            self._add(
                f"{agency}-relay", ["-m", entry.package, "relay"], relay_env, health_address=health
            )
        readmodel = self.databases["readmodel"].conninfo()
        # RiskView only reads the shared view: SELECT, and nothing else.
        reader = self.databases["readmodel_reader"].conninfo()
        health = f"127.0.0.1:{self._port(RISKVIEW_PORT + HEALTH_PORT_OFFSET)}"
        self._add(
            "projection",
            ["-m", "projections"],
            {
                "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
                "MARAC_CASE_TOPICS": ",".join(self.case_topics),
                "MARAC_PROJECTION_ID": self.projection_id,
                # Whose events each topic carries: the meeting service is no agency.
                "MARAC_TOPIC_AGENCIES": ",".join(
                    [f"{a.topic(self.prefix)}={a.kind}" for a in self.agencies]
                    + [f"{self.marac_topic}={vocabulary_pb2.AGENCY_KIND_UNSPECIFIED}"]
                ),
                "MARAC_READMODEL_DSN": readmodel,
                "MARAC_STATE_DIR": str(LOCAL / "state" / self.prefix),
                "MARAC_HEALTH_ADDRESS": health,
                **self._tls(principals.PROJECTION_PRINCIPAL),
            },
            health_address=health,
        )
        address = f"127.0.0.1:{self._port(RISKVIEW_PORT)}"
        self._add(
            "riskview",
            ["-m", "services.riskview"],
            {
                "MARAC_READMODEL_DSN": reader,
                "MARAC_GRPC_ADDRESS": address,
                "MARAC_KAFKA_BOOTSTRAP": KAFKA_BOOTSTRAP,
                "MARAC_DISCLOSURE_TOPIC": self.disclosure_topic,
                **self.people.riskview_env(),
                **self._tls(principals.RISKVIEW_PRINCIPAL),
            },
            address,
        )
        address = f"127.0.0.1:{self._port(IDENTITY_PORT)}"
        self._add(
            "identity",
            ["-m", "services.identity", "serve"],
            {
                **self.people.identity_env(),
                "MARAC_GRPC_ADDRESS": address,
                **self._tls(principals.IDENTITY_PRINCIPAL),
            },
            address,
        )
        self._add_web(address)

    def _add_web(self, identity_address: str) -> None:
        """The web app: HTTPS for people, a health service for the supervisor."""
        health = f"127.0.0.1:{self._port(WEB_PORT + HEALTH_PORT_OFFSET)}"
        self._add(
            "web",
            ["-m", "services.web"],
            {
                "MARAC_WEB_ADDRESS": f"127.0.0.1:{self._port(WEB_PORT)}",
                "MARAC_IDENTITY_ADDRESS": identity_address,
                "MARAC_RISKVIEW_ADDRESS": self.grpc_address("riskview"),
                "MARAC_WEB_SESSION_KEY": self.settings["web_session_key"],
                "MARAC_HEALTH_ADDRESS": health,
                **self.web_settings,
                **self._tls(principals.WEB_PRINCIPAL),
            },
            health_address=health,
        )

    @property
    def web_url(self) -> str:
        return f"https://{self.processes['web'].env['MARAC_WEB_ADDRESS']}"

    def _tls(self, principal: Principal) -> dict[str, str]:
        return self.certificates[principal].tls_env()

    def _add(
        self,
        name: str,
        args: list[str],
        env: dict[str, str],
        address: str | None = None,
        health_address: str | None = None,
    ) -> None:
        # Every process reaches Postgres over TLS, checking the server's certificate.
        env = {**POSTGRES_TLS, **env}
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
        with operator_admin(KAFKA_BOOTSTRAP) as admin:
            admin.delete_topics(self.topics)
        kafka_access.revoke(
            KAFKA_BOOTSTRAP,
            [
                *((ResourceType.TOPIC, topic) for topic in self.topics),
                (ResourceType.GROUP, self.projection_id),
                *((ResourceType.GROUP, self.actions_group(a.name)) for a in self.agencies),
                (ResourceType.GROUP, self.meeting_tracker_group),
            ],
        )
