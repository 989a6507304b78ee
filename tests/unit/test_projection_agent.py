"""The projection agent and refresher without Kafka or Postgres: Faust's test context
and an in-memory read model."""

import asyncio
import logging

import psycopg
import pytest

from marac.v1 import case_events_pb2 as pb
from projections import app as projection
from projections.read_model import Refreshed, Written
from projections.rules import Rules
from tests.unit.test_projection_facts import BOB, NOW, event

LOGGER = logging.getLogger("test")


class InMemoryReadModel:
    def __init__(self, failures: int = 0):
        self.batches: list[list] = []
        self.due: set[str] = set()
        self.refreshed: list[tuple] = []
        self.failures = failures

    def record(self, facts):
        if self.failures:
            self.failures -= 1
            raise psycopg.OperationalError("database restarting")
        self.batches.append(list(facts))
        self.due |= {fact.subject_key for fact in facts}
        return Written(facts=len(facts), new=len(facts), subjects=len(self.due))

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
    read_model = InMemoryReadModel()
    config = projection.Config.from_env({"MARAC_CASE_TOPICS": "police"})
    app = projection.create_app(config, read_model, LOGGER)
    records = [
        event(1, case_opened=pb.CaseOpened()),
        event(2, incident_reported=pb.IncidentReported()),
        event(3, subject="", incident_reported=pb.IncidentReported()),
        event(4, subject=BOB, case_opened=pb.CaseOpened()),
    ]
    async with app.agents["risk-view"].test_context() as agent:
        for record in records:
            await agent.put(record.SerializeToString())
        await agent.put(b"\xff not a case event")
        await eventually(lambda: sum(map(len, read_model.batches)) == 3)
    written = [fact.source_sequence for batch in read_model.batches for fact in batch]
    assert written == [1, 2, 4]  # the anonymous report and the garbage are not facts


async def test_the_refresher_recomputes_due_subjects_when_woken_and_in_rounds(monkeypatch):
    monkeypatch.setattr(projection, "REFRESH_LIMIT", 2)
    read_model = InMemoryReadModel()
    read_model.due = {"k1", "k2", "k3"}
    refresher = projection.Refresher(read_model, Rules(), lambda: NOW, LOGGER)
    await refresher.refresh_due()
    assert read_model.refreshed == [(NOW, ("k1", "k2")), (NOW, ("k3",))]

    running = asyncio.create_task(refresher.run())
    try:
        read_model.due = {"k4"}
        refresher.wake(behind=False)
        await eventually(lambda: not read_model.due)
    finally:
        running.cancel()


async def test_an_unreachable_read_model_delays_the_work_instead_of_dropping_it(monkeypatch):
    monkeypatch.setattr(projection, "RETRY_DELAYS", (0, 0, 0))
    read_model = InMemoryReadModel(failures=2)
    facts, _, _ = projection.facts_of([event(1).SerializeToString()])
    written = await projection.with_retry(read_model.record, facts, logger=LOGGER)
    assert written.facts == 1 and read_model.batches == [facts]
    with pytest.raises(psycopg.OperationalError):
        await projection.with_retry(InMemoryReadModel(failures=9).record, facts, logger=LOGGER)


def test_configuration_comes_from_the_environment():
    config = projection.Config.from_env(
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
    with pytest.raises(SystemExit):
        projection.Config.from_env({"MARAC_CASE_TOPICS": " , "})
    with pytest.raises(SystemExit):
        projection.Config.from_env({"MARAC_CASE_TOPICS": "p", "MARAC_RULE_WINDOW_DAYS": "0"})


async def test_while_far_behind_the_refresher_waits_so_each_subject_is_recomputed_once(
    monkeypatch,
):
    monkeypatch.setattr(projection, "REFRESH_INTERVAL", 0.01)
    monkeypatch.setattr(projection, "BEHIND_REFRESH_INTERVAL", 0.3)
    read_model = InMemoryReadModel()
    refresher = projection.Refresher(read_model, Rules(), lambda: NOW, LOGGER)
    running = asyncio.create_task(refresher.run())
    try:
        await eventually(lambda: read_model.refreshed)  # the first round finds nothing due
        rounds = len(read_model.refreshed)
        read_model.due = {"k1"}
        refresher.wake(behind=True)
        await asyncio.sleep(0.1)
        assert len(read_model.refreshed) == rounds and read_model.due  # still waiting
        await eventually(lambda: not read_model.due)  # but not for ever
        read_model.due = {"k2"}
        refresher.wake(behind=False)  # caught up: at once
        await eventually(lambda: not read_model.due, timeout=0.2)
    finally:
        running.cancel()
