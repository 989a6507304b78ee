"""The meeting service's settings, read from the environment and checked before
anything starts (a bad one stops it with one line naming the variable, never its
value).

    POSTGRES_*, CIPHER_*        its own event store (eventsourcing's settings; the store
                                is named "meetings"), AES-GCM at rest
    MARAC_GRPC_ADDRESS          where MeetingService listens (default 127.0.0.1:50066)
    MARAC_RISKVIEW_ADDRESS      RiskView, for MeetingSubjectsService (host:port; required)
    MARAC_PARTNERS              the partnership's agencies: comma-separated
                                agency_id=kind (its marac.v1.AgencyKind number)
    MARAC_AGENDA_CHECK_SECONDS  how often agendas past their cut-off are closed (default 5)
    MARAC_TOKEN_*               whose tokens it accepts (services/common/person_tokens.py)
    MARAC_TLS_CA, MARAC_TLS_CERT, MARAC_TLS_KEY
                                the deployment's authority, its certificate and key
    MARAC_KAFKA_BOOTSTRAP       Kafka (default 127.0.0.1:29092)
    MARAC_ACTION_UPDATES_TOPICS the agencies' action updates topics it follows:
                                comma-separated agency_id=topic (the topic says whose)
    MARAC_TRACKER_GROUP         its consumer group on them
    MARAC_AREAS                 the partnership's MARAC areas and their postcode districts,
                                CODE=D1,D2;CODE=D3 (shared_view/areas.py), as RiskView's: a
                                meeting is held for one of them; unset: the whole
                                partnership is one area, a meeting's area any code
The relay (`python -m services.marac relay`) takes MARAC_TOPIC (the MARAC topic),
MARAC_ACTIONS_TOPICS (comma-separated agency_id=topic: each agency's actions topic) and
MARAC_HEALTH_ADDRESS.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from services.common.people import AGENCY_ID
from services.common.person_tokens import PeopleSettings
from services.common.settings import KAFKA_BOOTSTRAP, address, seconds, setting, text
from services.marac.ports import Partners
from shared_view.areas import NO_AREAS, Areas, areas_from_env


def _pairs(raw: str) -> list[tuple[str, str]]:
    """`agency_id=value` pairs, comma-separated, each id an agency id."""
    found = []
    for part in raw.split(","):
        agency_id, _, value = part.strip().partition("=")
        if not AGENCY_ID.fullmatch(agency_id) or not value:
            raise ValueError
        found.append((agency_id, value))
    return found


def partners(raw: str) -> Partners:
    """agency_id=AgencyKind number, for each agency of the partnership."""
    return Partners({agency_id: int(kind) for agency_id, kind in _pairs(raw)})


def agency_topics(raw: str) -> dict[str, str]:
    """agency_id=topic."""
    return dict(_pairs(raw))


@dataclass(frozen=True)
class MeetingSettings:
    grpc_address: str
    riskview_address: str
    partners: Partners
    agenda_check_seconds: float
    people: PeopleSettings
    kafka_bootstrap: str
    update_topics: dict[str, str]  # agency id -> its action updates topic
    tracker_group: str
    areas: Areas = NO_AREAS

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "MeetingSettings":
        return cls(
            grpc_address=setting(
                env, "MARAC_GRPC_ADDRESS", address, "host:port to listen on", "127.0.0.1:50066"
            ),
            riskview_address=setting(
                env, "MARAC_RISKVIEW_ADDRESS", address, "RiskView's host:port"
            ),
            partners=setting(
                env, "MARAC_PARTNERS", partners, "comma-separated agency_id=AgencyKind number"
            ),
            agenda_check_seconds=setting(
                env, "MARAC_AGENDA_CHECK_SECONDS", seconds, "a number of seconds", 5.0
            ),
            people=PeopleSettings.from_env(env),
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            update_topics=setting(
                env,
                "MARAC_ACTION_UPDATES_TOPICS",
                agency_topics,
                "comma-separated agency_id=topic",
            ),
            tracker_group=setting(env, "MARAC_TRACKER_GROUP", text, "a consumer group name"),
            areas=areas_from_env(env),
        )


@dataclass(frozen=True)
class MeetingRelaySettings:
    marac_topic: str
    actions_topics: dict[str, str]

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "MeetingRelaySettings":
        return cls(
            marac_topic=setting(env, "MARAC_TOPIC", text, "the MARAC topic's name"),
            actions_topics=setting(
                env, "MARAC_ACTIONS_TOPICS", agency_topics, "comma-separated agency_id=topic"
            ),
        )
