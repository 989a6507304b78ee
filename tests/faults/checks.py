"""What the fault tests check after a load: every accepted incident is in its
agency's store once, in the shared view once, on its agency's topic (once, or more
where a relay resent it), and in the audit ledger once (a resend is dropped: the
ledger appends a case event once by its agency and source sequence); and the
counts each test prints.

Measures, so that a reader knows what each figure is:
- stored: the case's incident_count from the agency service's GetCase;
- shown: the incident count of the case's contribution in RiskView's case view;
- projected: rows of shared_fact for the case (keyed by agency and source sequence);
- duplicates dropped: the sum of `duplicates` in the projection's "batch projected"
  log lines during the test: events it read again (a relay's resend, or a batch
  redelivered after a projection restart) and stored nothing for;
- resent: copies on the agency's topic beyond one per event (agency, source sequence);
- ledger: the ledger's entries of the load's incidents (each one's agency and
  source sequence), and how many events are in more than one.
"""

import json
import time
from dataclasses import dataclass

import psycopg

from deploy.local.kafka_access import KAFKA_BOOTSTRAP, client_options
from deploy.local.stack import Stack
from marac.v1 import agency_case_pb2 as case_pb
from marac.v1 import case_events_pb2
from services.agencies import AGENCIES
from tests.faults.load import CATCH_UP_SECONDS, Load, load_average
from tests.support import topic_records

INCIDENT = "incident_reported"
Event = tuple[str, int]  # (agency_id, source_sequence)
Source = tuple[str, int, int]  # (topic, partition, offset)


def projection_logs(stack: Stack) -> dict[str, int]:
    """Where each projection worker's log stands now, to read what a test adds."""
    return {
        name: p.log_path.stat().st_size if p.log_path.exists() else 0
        for name, p in stack.processes.items()
        if p.args[-1] == "projections"
    }


def duplicates_dropped(stack: Stack, since: dict[str, int]) -> int:
    dropped = 0
    for name, offset in since.items():
        with stack.processes[name].log_path.open("rb") as log:
            log.seek(offset)
            for line in log.read().splitlines():
                if b'"batch projected"' in line:
                    dropped += json.loads(line).get("duplicates", 0)
    return dropped


def published(stack: Stack, load: Load) -> dict[Source, Event]:
    """Each copy of the load's incidents on the agencies' topics, by where it is."""
    references = set(load.references.values())
    topics = [stack.topic(a.name) for a in AGENCIES]
    copies: dict[Source, Event] = {}
    reading = topic_records(
        KAFKA_BOOTSTRAP, *topics, wait_seconds=CATCH_UP_SECONDS, **client_options()
    )
    with reading as records:
        for record in records:
            event = case_events_pb2.CaseEvent.FromString(record.value)
            if event.case_reference in references and event.WhichOneof("payload") == INCIDENT:
                source = (record.topic, record.partition, record.offset)
                copies[source] = (event.agency_id, event.source_sequence)
    return copies


def ledger_entries(stack: Stack, load: Load, expected: int) -> list[tuple[Source, Event]]:
    """The ledger's entries of the load's incidents, once it holds `expected` events
    (or at the deadline): the ledger's own database, read as its owner."""
    deadline = time.monotonic() + CATCH_UP_SECONDS
    with psycopg.connect(stack.databases["audit"].conninfo()) as conn:
        while True:
            rows = conn.execute(
                "SELECT topic, partition, kafka_offset, fact FROM ledger_entries"
                " WHERE kind = 'case_event' AND case_reference = ANY(%s)",
                [list(load.references.values())],
            ).fetchall()
            conn.rollback()
            entries = []
            for topic, partition, offset, fact in rows:
                event = case_events_pb2.CaseEvent.FromString(bytes(fact))
                if event.WhichOneof("payload") == INCIDENT:
                    entries.append(
                        ((topic, partition, offset), (event.agency_id, event.source_sequence))
                    )
            if len({e for _, e in entries}) >= expected or time.monotonic() > deadline:
                return entries
            time.sleep(0.5)


def projected(stack: Stack, load: Load) -> dict[str, int]:
    """Facts of the load's incidents in the shared view, by agency."""
    agency_of = {ref: agency for agency, ref in load.references.items()}
    with psycopg.connect(stack.databases["readmodel"].conninfo()) as conn:
        rows = conn.execute(
            "SELECT case_reference, count(*) FROM shared_fact"
            " WHERE kind = %s AND case_reference = ANY(%s) GROUP BY case_reference",
            [INCIDENT, list(agency_of)],
        ).fetchall()
    return {agency_of[ref]: n for ref, n in rows}


@dataclass
class Counts:
    fault: str
    load: Load
    stored: dict[str, int]
    shown: dict[str, int]
    projected: dict[str, int]
    duplicates_dropped: int
    copies: dict[Source, Event]
    ledger: list[tuple[Source, Event]]
    serving_after: float | None = None

    @property
    def events(self) -> set[Event]:
        return set(self.copies.values())

    @property
    def resent(self) -> int:
        return len(self.copies) - len(self.events)

    def line(self) -> str:
        load = self.load
        recovered = f"{load.recovered_after:.1f}s" if load.recovered_after is not None else "never"
        serving = ""
        if self.serving_after is not None:
            serving = f", {self.fault} serving again {self.serving_after:.1f}s after"
        ledger_events = {e for _, e in self.ledger}
        return (
            f"\n{self.fault}: sent {load.sent}, accepted {sum(map(len, load.accepted.values()))},"
            f" retried {load.retries}, stored {sum(self.stored.values())},"
            f" shown {sum(self.shown.values())}, projected {sum(self.projected.values())},"
            f" duplicates dropped {self.duplicates_dropped} (projection log),"
            f" on the topics {len(self.events)} ({self.resent} resent),"
            f" in the ledger {len(ledger_events)} events in {len(self.ledger)} entries"
            f" ({len(self.ledger) - len(ledger_events)} doubled);"
            f" view current {recovered} after the fault{serving};"
            f" {load.commands} commands at {load.rate:.0f}/s, load average {load_average()}"
        )


def counted(stack: Stack, load: Load, fault: str, logs_at: dict[str, int]) -> Counts:
    shown = load.wait_until_shown()
    stored = {
        a.name: load.send(
            a.name, "GetCase", case_pb.GetCaseRequest(case_reference=load.references[a.name])
        ).incident_count
        for a in AGENCIES
    }
    copies = published(stack, load)
    return Counts(
        fault,
        load,
        stored,
        shown,
        projected(stack, load),
        duplicates_dropped(stack, logs_at),
        copies,
        ledger_entries(stack, load, expected=len(set(copies.values()))),
    )


def assert_nothing_lost_or_doubled(counts: Counts) -> None:
    load, each = counts.load, {a.name: counts.load.per_agency for a in AGENCIES}
    assert {a: len(ids) for a, ids in load.accepted.items()} == each, "accepted"
    assert {a: len(set(ids)) for a, ids in load.accepted.items()} == each, "an id twice"
    assert counts.stored == each, "in the agency's store once"
    assert counts.shown == each, "in the shared view once"
    assert counts.projected == each, "facts in the read model"
    assert len(counts.events) == load.commands, "each accepted incident published"
    # The ledger keeps each event once, however often a relay published it.
    events = [e for _, e in counts.ledger]
    assert len(events) == len(set(events)), "an event in the ledger twice"
    assert set(events) == counts.events, "the ledger misses an event"
    assert load.recovered_after is not None, "the view never showed an incident after the fault"
