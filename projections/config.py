"""The risk projection's settings, from the environment (services.common.settings):

MARAC_KAFKA_BOOTSTRAP   Kafka bootstrap servers (default 127.0.0.1:29092)
MARAC_CASE_TOPICS       comma-separated topics: every agency's, and the MARAC
                        meeting service's (MaracDiscussed)
MARAC_AGREEMENTS_TOPIC  the data-sharing agreements' changes (from the audit
                        service); unset: no agreement, so nothing is shared
MARAC_PROJECTION_ID     consumer group and Faust app id (default marac-risk-projection)
MARAC_READMODEL_DSN     the shared view's database (required); its schema must be in
                        place (`python -m shared_view migrate`)
MARAC_STATE_DIR         Faust's local state directory
MARAC_PROJECTION_INSTANCE  this worker's static member id in the consumer group
                        (default: the projection id and the host name)
MARAC_PROJECTION_SESSION_SECONDS  how long the group waits for a silent worker
                        before handing its partitions on (default 10, at least 6)
MARAC_HEALTH_ADDRESS    host:port of its gRPC health service (none when unset)
MARAC_RULE_*            MARAC eligibility rules (see shared_view/rules.py)
MARAC_FAUST_*           Faust's own settings (see projections/app.py)
"""

import os
import socket
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.common.settings import (
    HEALTH_ADDRESS,
    KAFKA_BOOTSTRAP,
    names,
    seconds,
    setting,
    text,
)
from shared_view.rules import Rules


@dataclass(frozen=True)
class Config:
    bootstrap: str
    topics: tuple[str, ...]
    projection_id: str
    readmodel_dsn: str
    state_dir: str
    rules: Rules = field(default_factory=Rules)
    # A worker restarted under the same instance id takes its partitions back at
    # once (static membership: no rebalance); one that is gone, or replaced under
    # another id, is dropped from the group after the session timeout.
    instance_id: str = ""
    session_seconds: float = 10.0
    health_address: str = ""
    # The AgencyKind whose events each topic carries, where its name does not say
    # (batch.topic_agency reads `<deployment>.case-events.<agency>`).
    topic_agencies: Mapping[str, int] = field(default_factory=dict)
    agreements_topic: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        projection_id = setting(
            env, "MARAC_PROJECTION_ID", text, "a name", default="marac-risk-projection"
        )
        return cls(
            bootstrap=KAFKA_BOOTSTRAP.read(env),
            topics=setting(env, "MARAC_CASE_TOPICS", names, "a comma-separated list of topics"),
            projection_id=projection_id,
            readmodel_dsn=setting(
                env, "MARAC_READMODEL_DSN", text, "the shared view's database (libpq string)"
            ),
            state_dir=setting(
                env,
                "MARAC_STATE_DIR",
                text,
                "a directory",
                default=os.path.join(tempfile.gettempdir(), "marac-projections"),
            ),
            rules=Rules.from_env(env),
            instance_id=setting(
                env,
                "MARAC_PROJECTION_INSTANCE",
                text,
                "a name for this worker in the consumer group",
                default=f"{projection_id}-{socket.gethostname()}",
            ),
            session_seconds=setting(
                env,
                "MARAC_PROJECTION_SESSION_SECONDS",
                session,
                "a number of seconds, 6 or more (the broker's least)",
                default=10.0,
            ),
            health_address=HEALTH_ADDRESS.read(env),
            topic_agencies=setting(
                env,
                "MARAC_TOPIC_AGENCIES",
                topic_agencies,
                "comma-separated topic=AgencyKind number pairs",
                default={},
            ),
            agreements_topic=setting(
                env, "MARAC_AGREEMENTS_TOPIC", text, "a topic name", default=""
            ),
        )


def topic_agencies(raw: str) -> dict[str, int]:
    found = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        topic, _, kind = pair.partition("=")
        if not topic.strip() or not kind.strip().isdigit():
            raise ValueError
        found[topic.strip()] = int(kind)
    return found


def session(raw: str) -> float:
    value = seconds(raw)
    if value < 6:  # group.min.session.timeout.ms, the broker's default
        raise ValueError
    return value
