"""The projection agent and refresher without Kafka or Postgres: Faust's test context
and an in-memory shared view writer."""

import asyncio
import logging
from functools import partial

import psycopg
import pytest

from marac.v1 import case_events_pb2 as pb
from marac.v1 import vocabulary_pb2 as vocab
from projections import refresher as refreshing
from projections import retry
from projections.app import create_app
from projections.batch import facts_of, store_records, topic_agency
from projections.config import Config
from projections.refresher import Refresher
from projections.retry import with_retry
from services.common.settings import SettingsError
from shared_view.rules import Rules
from shared_view.writer import Refreshed, Written
from tests.unit.test_facts import BOB, NOW, POLICE, event

LOGGER = logging.getLogger("test")


class InMemoryWriter:
    def __init__(self, failures: int = 0):
        self.batches: list[list] = []
        self.due: set[str] = set()
        self.refreshed: list[tuple] = []
        self.failures = failures
        self.others_behind = False  # another worker of the shared view is far behind
        self.agreements: list = []

    def record_agreements(self, changes):
        self.agreements += changes
        return 0

    def record(self, facts):
        if self.failures:
            self.failures -= 1
            raise psycopg.OperationalError("database restarting")
        self.batches.append(list(facts))
        self.due |= {fact.subject_key for fact in facts}
        return Written(facts=len(facts), new=len(facts), subjects=len(self.due))

    def report_backlog(self, behind, lease_seconds):
        return behind or self.others_behind

    def refresh(self, now, rules, limit):
        taken = sorted(self.due)[:limit]
        self.due -= set(taken)
        self.refreshed.append((now, tuple(taken)))
        return Refreshed(subjects=len(taken), eligible=0)


async def eventually(check, timeout=5.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_the_agent_stores_the_facts_of_each_batch():
    writer = InMemoryWriter()
    config = Config.from_env(
        {"MARAC_CASE_TOPICS": "t.case-events.police", "MARAC_READMODEL_DSN": "dbname=v"}
    )
    app = create_app(config, LOGGER, partial(store_records, writer), writer)
    forged = event(5, case_opened=pb.CaseOpened())
    forged.agency = vocab.AGENCY_KIND_DDPO
    records = [
        event(1, case_opened=pb.CaseOpened()),
        event(2, incident_reported=pb.IncidentReported()),
        event(3, subject="", incident_reported=pb.IncidentReported()),
        event(4, subject=BOB, case_opened=pb.CaseOpened()),
        forged,
    ]
    async with app.agents["risk-view"].test_context() as agent:
        for record in records:
            await agent.put(record.SerializeToString())
        await agent.put(b"\xff not a case event")
        await eventually(lambda: sum(map(len, writer.batches)) == 3)
    written = [fact.source_sequence for batch in writer.batches for fact in batch]
    # The anonymous report, the garbage and the DDPO's event on the police topic are not.
    assert written == [1, 2, 4]


async def test_the_refresher_recomputes_due_subjects_when_woken_and_in_rounds(monkeypatch):
    monkeypatch.setattr(refreshing, "REFRESH_LIMIT", 2)
    writer = InMemoryWriter()
    writer.due = {"k1", "k2", "k3"}
    refresher = Refresher(writer, Rules(), lambda: NOW, LOGGER)
    await refresher.refresh_due()
    assert writer.refreshed == [(NOW, ("k1", "k2")), (NOW, ("k3",))]

    running = asyncio.create_task(refresher.run())
    try:
        writer.due = {"k4"}
        refresher.wake(behind=False)
        await eventually(lambda: not writer.due)
    finally:
        running.cancel()


async def test_an_unreachable_read_model_delays_the_work_instead_of_dropping_it(monkeypatch):
    monkeypatch.setattr(retry, "RETRY_DELAYS", (0, 0, 0))
    writer = InMemoryWriter(failures=2)
    facts = facts_of([(POLICE, event(1).SerializeToString())]).facts
    written = await with_retry(writer.record, facts, logger=LOGGER)
    assert written.facts == 1 and writer.batches == [facts]
    with pytest.raises(psycopg.OperationalError):
        await with_retry(InMemoryWriter(failures=9).record, facts, logger=LOGGER)


def test_configuration_comes_from_the_environment():
    config = Config.from_env(
        {
            "MARAC_KAFKA_BOOTSTRAP": "kafka:9092",
            "MARAC_CASE_TOPICS": "police-cases, ddpo-cases,",
            "MARAC_READMODEL_DSN": "host=db dbname=readmodel",
            "MARAC_STATE_DIR": "/var/lib/marac",
            "MARAC_RULE_ESCALATION_INCIDENTS": "4",
        }
    )
    assert config.topics == ("police-cases", "ddpo-cases")
    assert config.projection_id == "marac-risk-projection"
    assert (config.bootstrap, config.state_dir) == ("kafka:9092", "/var/lib/marac")
    assert config.rules == Rules(escalation_incidents=4)
    dsn = {"MARAC_READMODEL_DSN": "dbname=v"}
    refused = [
        ({**dsn, "MARAC_CASE_TOPICS": " , "}, "MARAC_CASE_TOPICS"),
        (
            {**dsn, "MARAC_CASE_TOPICS": "p", "MARAC_RULE_WINDOW_DAYS": "0"},
            "MARAC_RULE_WINDOW_DAYS",
        ),
        (
            {**dsn, "MARAC_CASE_TOPICS": "p", "MARAC_RULE_WINDOW_DAYS": "a"},
            "MARAC_RULE_WINDOW_DAYS",
        ),
        ({"MARAC_CASE_TOPICS": "p"}, "MARAC_READMODEL_DSN"),
    ]
    for env, variable in refused:
        with pytest.raises(SettingsError) as error:
            Config.from_env(env)
        assert str(error.value).startswith(variable)


async def test_while_far_behind_the_refresher_waits_so_each_subject_is_recomputed_once(
    monkeypatch,
):
    monkeypatch.setattr(refreshing, "REFRESH_INTERVAL", 0.01)
    monkeypatch.setattr(refreshing, "BEHIND_REFRESH_INTERVAL", 0.3)
    writer = InMemoryWriter()
    refresher = Refresher(writer, Rules(), lambda: NOW, LOGGER)
    running = asyncio.create_task(refresher.run())
    try:
        await eventually(lambda: writer.refreshed)  # the first round finds nothing due
        rounds = len(writer.refreshed)
        writer.due = {"k1"}
        refresher.wake(behind=True)
        await asyncio.sleep(0.1)
        assert len(writer.refreshed) == rounds and writer.due  # still waiting
        await eventually(lambda: not writer.due)  # but not for ever
        writer.due = {"k2"}
        refresher.wake(behind=False)  # caught up: at once
        await eventually(lambda: not writer.due, timeout=0.2)
    finally:
        running.cancel()


async def test_while_another_worker_is_far_behind_a_caught_up_one_waits_too(monkeypatch):
    monkeypatch.setattr(refreshing, "REFRESH_INTERVAL", 0.01)
    monkeypatch.setattr(refreshing, "BEHIND_REFRESH_INTERVAL", 2.0)
    monkeypatch.setattr(refreshing, "BACKLOG_CHECK_INTERVAL", 0.01)
    writer = InMemoryWriter()
    refresher = Refresher(writer, Rules(), lambda: NOW, LOGGER)
    running = asyncio.create_task(refresher.run())
    try:
        await eventually(lambda: writer.refreshed)
        writer.others_behind = True
        # The refresher asks at most once a BACKLOG_CHECK_INTERVAL: past a few of
        # them, it has heard that the other worker is behind.
        await asyncio.sleep(0.1)
        rounds = len(writer.refreshed)
        writer.due = {"k1"}
        refresher.wake(behind=False)
        await asyncio.sleep(0.1)
        assert len(writer.refreshed) == rounds and writer.due  # the other is still storing
        writer.others_behind = False  # it caught up
        await eventually(lambda: not writer.due, timeout=1.0)
    finally:
        running.cancel()


def test_a_batch_counts_anonymous_malformed_and_misattributed_records_apart_from_its_facts():
    discussed = event(4, marac_discussed=pb.MaracDiscussed(meeting_id="M-1"))
    discussed.agency = vocab.AGENCY_KIND_UNSPECIFIED
    records = [
        (POLICE, event(1, subject="", incident_reported=pb.IncidentReported()).SerializeToString()),
        (POLICE, b"\xff\xff"),
        (POLICE, event(2, case_opened=pb.CaseOpened()).SerializeToString()),
        # Another agency's event on the police topic; one on a topic of no agency.
        (vocab.AGENCY_KIND_DDPO, event(3, case_opened=pb.CaseOpened()).SerializeToString()),
        (None, event(5, case_opened=pb.CaseOpened()).SerializeToString()),
        # A "discussed at MARAC" on an agency's topic, and on the MARAC topic.
        (POLICE, discussed.SerializeToString()),
        (vocab.AGENCY_KIND_UNSPECIFIED, discussed.SerializeToString()),
    ]
    decoded = facts_of(records)
    assert [f.source_sequence for f in decoded.facts] == [2, 4]
    assert (decoded.anonymous, decoded.malformed, decoded.misattributed) == (1, 1, 3)


@pytest.mark.parametrize(
    ("topic", "agency"),
    [
        ("marac.case-events.police", vocab.AGENCY_KIND_POLICE),
        ("t1a2.live.case-events.social_landlord", vocab.AGENCY_KIND_SOCIAL_LANDLORD),
        ("marac.case-events.marac", vocab.AGENCY_KIND_UNSPECIFIED),
        ("marac.case-events.fire", None),
        ("police", None),
    ],
)
def test_a_topic_carries_the_events_of_the_agency_its_name_ends_with(topic, agency):
    assert topic_agency(topic) == agency
