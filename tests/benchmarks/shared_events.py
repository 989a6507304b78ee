"""Generated shared events for the benchmarks: agencies' minimised case events
(marac.v1.CaseEvent) as their relays publish them, ten per subject, onto each
agency's topic. The rebuild and chair's views benchmarks import it; as a script it
fills a running stack's topics (by default the demo's), printing its progress:

    .local/venv/bin/python -m tests.benchmarks.shared_events --events 1000000 --prefix marac
"""

import argparse
import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import psycopg
from kafka import KafkaProducer

from deploy.local.kafka_access import client_options
from deploy.local.stack import KAFKA_BOOTSTRAP
from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from services.agencies import BY_NAME
from services.common.contract import timestamp

EVENTS_PER_SUBJECT = 10
# The local stack's agency ids (deploy.local.people), so its representatives can
# open the generated cases.
AGENCIES = [
    (vocab.AGENCY_KIND_POLICE, "local-police"),
    (vocab.AGENCY_KIND_SOCIAL_LANDLORD, "local-social_landlord"),
    (vocab.AGENCY_KIND_VICTIM_SUPPORT, "local-victim_support"),
    (vocab.AGENCY_KIND_DDPO, "local-ddpo"),
]
AGENCY_ID = {
    vocab.AgencyKind.Name(kind).removeprefix("AGENCY_KIND_").lower(): agency_id
    for kind, agency_id in AGENCIES
}
PANEL = pb.ConsentScope(
    recipient=vocab.RECIPIENT_MARAC_PANEL, purpose=vocab.PURPOSE_MARAC_DISCUSSION
)
# Every count is spread over the same days before now (inside the rules' 12-month
# window), so a subject's history looks alike at every size.
SPAN_SECONDS = 300 * 86400
PROGRESS_EVERY = 100_000
# Far above any real relay's: the shared view keeps one event per (agency, sequence),
# and the generated events share the local agencies' ids with the stack's own.
FIRST_SEQUENCE = 10**12


def subject_key(subject: int) -> str:
    return uuid.uuid5(uuid.NAMESPACE_OID, str(subject)).hex * 2


def shared_events(count: int) -> Iterator[tuple[int, bytes, bytes]]:
    """(agency kind, key, encoded CaseEvent) for `count` events of count / 10 subjects.
    A realistic mix: each case opens with consent to the MARAC panel, then incidents
    and assessments."""
    subjects = count // EVENTS_PER_SUBJECT
    rng = random.Random(7)
    sequence = {agency_id: FIRST_SEQUENCE for _, agency_id in AGENCIES}
    opened: set[tuple[str, int]] = set()
    start = time.time() - SPAN_SECONDS
    step = SPAN_SECONDS / count
    for n in range(count):
        kind, agency_id = AGENCIES[n % len(AGENCIES)]
        subject = rng.randrange(subjects)
        key = subject_key(subject)
        case = (agency_id, subject)
        sequence[agency_id] += 1
        envelope = pb.CaseEvent(
            event_id=str(uuid.uuid4()), agency=kind, agency_id=agency_id, subject_key=key,
            case_reference=f"{agency_id}-{subject}", source_sequence=sequence[agency_id],
            schema_version=1,
        )  # fmt: skip
        moment = timestamp_at(start + n * step)
        envelope.occurred_at.CopyFrom(moment)
        envelope.recorded_at.CopyFrom(moment)
        if case not in opened:
            opened.add(case)
            envelope.consent_recorded.CopyFrom(
                pb.ConsentRecorded(scopes=[PANEL], change=pb.CONSENT_CHANGE_GIVEN)
            )
        elif rng.random() < 0.8:
            envelope.incident_reported.CopyFrom(
                pb.IncidentReported(
                    incident_id=str(uuid.uuid4()), strands=[vocab.STRAND_DISABILITY],
                    classification=vocab.HATE_CLASSIFICATION_HATE_INCIDENT,
                    perceived_by=[vocab.PERCEIVER_VICTIM], postcode_district="L4",
                    source=vocab.REPORT_SOURCE_VICTIM,
                )
            )  # fmt: skip
        else:
            envelope.risk_assessed.CopyFrom(
                pb.RiskAssessed(level=rng.choice([1, 2, 3]), tool="professional_judgement")
            )
        yield kind, key.encode(), envelope.SerializeToString()


def timestamp_at(seconds: float):
    return timestamp(datetime.fromtimestamp(seconds, UTC))


def agency_topics(prefix: str) -> dict[int, str]:
    """Each generated agency's topic in the deployment named `prefix`."""
    names = [
        vocab.AgencyKind.Name(kind).removeprefix("AGENCY_KIND_").lower() for kind, _ in AGENCIES
    ]
    return {BY_NAME[name].kind: BY_NAME[name].topic(prefix) for name in names}


def fill_topics(
    topics: dict[int, str], bootstrap: str, events: int, say: Callable[[str], None] = print
) -> None:
    """Each agency's events onto its own topic, as its relay would (as the operator)."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20,
                             batch_size=256 * 1024, **client_options())  # fmt: skip
    started = time.monotonic()
    for n, (kind, key, value) in enumerate(shared_events(events), start=1):
        producer.send(topics[kind], key=key, value=value)
        if n % PROGRESS_EVERY == 0 or n == events:
            elapsed = time.monotonic() - started
            say(f"  produced {n:,}/{events:,} shared events ({n / elapsed:,.0f}/s)")
    producer.flush()
    producer.close()


def read_model_progress(conninfo: str) -> tuple[int, int]:
    """Facts stored, and subjects whose view still waits to be recomputed."""
    with psycopg.connect(conninfo) as conn:
        stored = conn.execute("SELECT count(*) FROM shared_fact").fetchone()[0]
        due = conn.execute("SELECT count(*) FROM subject_refresh WHERE due <= now()")
        return stored, due.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="how many (default 1M)")
    parser.add_argument(
        "--prefix", default="marac", help="the stack whose topics to fill (default: the demo's)"
    )
    parser.add_argument("--bootstrap", default=KAFKA_BOOTSTRAP, help="Kafka bootstrap servers")
    options = parser.parse_args()
    topics = agency_topics(options.prefix)
    print(
        f"{options.events:,} shared events for {options.events // EVENTS_PER_SUBJECT:,} subjects"
        f" onto {', '.join(topics.values())}",
        flush=True,
    )
    fill_topics(topics, options.bootstrap, options.events, lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
