"""The case review in the figures projection, on real Kafka and Postgres: a person
who complained to the landlord, the DDPO and the police in six months is flagged
with the three agencies named, the incident they reported to two agencies counts
once, and a person with two complaints is not flagged."""

from datetime import UTC, datetime, timedelta

import psycopg

from figures.case_review import REPEATED_COMPLAINTS
from figures.case_review_store import flagged
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as v
from services.common.contract import timestamp
from tests.integration.test_figures_projection import delivered_twice, projection, wait_until

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
ALICE, BOB = "a" * 64, "b" * 64


def complaint(agency, agency_id, seq, subject, occurred_at, category, case):
    return pb.CaseEvent(
        event_id=f"{agency_id}-{seq}",
        agency=agency,
        agency_id=agency_id,
        subject_key=subject,
        case_reference=case,
        source_sequence=seq,
        occurred_at=timestamp(occurred_at),
        recorded_at=timestamp(occurred_at + DAY),
        incident_reported=pb.IncidentReported(
            postcode_district="L4", source=v.REPORT_SOURCE_VICTIM, incident_category=category
        ),
    )


def stream() -> dict[str, list[pb.CaseEvent]]:
    landlord, ddpo, police = (
        v.AGENCY_KIND_SOCIAL_LANDLORD,
        v.AGENCY_KIND_DDPO,
        v.AGENCY_KIND_POLICE,
    )
    same_night = NOW - 20 * DAY
    return {
        "landlord": [
            complaint(
                landlord, "livv", 1, ALICE, NOW - 80 * DAY, v.INCIDENT_CATEGORY_VERBAL_ABUSE, "L-1"
            ),
            complaint(
                landlord,
                "livv",
                2,
                ALICE,
                same_night + timedelta(hours=3),
                v.INCIDENT_CATEGORY_HARASSMENT_OR_INTIMIDATION,
                "L-1",
            ),
            complaint(
                landlord, "livv", 3, BOB, NOW - 30 * DAY, v.INCIDENT_CATEGORY_NOISE_NUISANCE, "L-2"
            ),
        ],
        "ddpo": [
            complaint(
                ddpo,
                "sefton-ddpo",
                1,
                ALICE,
                NOW - 50 * DAY,
                v.INCIDENT_CATEGORY_VERBAL_ABUSE,
                "D-1",
            ),
            complaint(
                ddpo, "sefton-ddpo", 2, BOB, NOW - 10 * DAY, v.INCIDENT_CATEGORY_VERBAL_ABUSE, "D-2"
            ),
        ],
        "police": [
            complaint(police, "mp", 1, ALICE, same_night, v.INCIDENT_CATEGORY_HARASSMENT, "P-1"),
        ],
    }


def flags(dsn):
    with psycopg.connect(dsn) as conn:
        return {
            (key, rule): [sorted(r["agency_id"] for r in i["reports"]) for i in incidents]
            for _, key, rule, _, incidents, _ in flagged(conn)
        }


def test_a_person_complaining_to_three_agencies_is_flagged_with_them(
    create_topics, create_database, kafka_bootstrap, grant_kafka, tmp_path, run_id
):
    dsn, env = delivered_twice(
        stream(), "case-review", create_topics, create_database, kafka_bootstrap, run_id, tmp_path
    )
    log_path = tmp_path / "figures.log"
    expected = {
        (ALICE, REPEATED_COMPLAINTS): [["livv"], ["sefton-ddpo"], ["livv", "mp"]],
    }
    with projection(env, log_path, grant_kafka) as process:
        wait_until(lambda: flags(dsn) == expected, process, log_path)
