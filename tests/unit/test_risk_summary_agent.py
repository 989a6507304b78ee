"""The projection agent without Kafka or Postgres: Faust's test context and a fake writer."""

import asyncio
import logging

import psycopg
import pytest

from marac.v1 import case_events_pb2
from projections import app as projection
from projections.read_model import Written
from tests.unit.test_risk_summary import BOB, event

LOGGER = logging.getLogger("test")


class FakeReadModel:
    def __init__(self, failures: int = 0):
        self.batches: list[list] = []
        self.failures = failures

    def record(self, facts):
        if self.failures:
            self.failures -= 1
            raise psycopg.OperationalError("database restarting")
        self.batches.append(list(facts))
        return Written(facts=len(facts), new=len(facts), subjects=1)


async def eventually(check, timeout=5.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_the_agent_writes_the_facts_of_each_batch():
    read_model = FakeReadModel()
    config = projection.Config.from_env({"MARAC_CASE_TOPICS": "police"})
    app = projection.create_app(config, read_model, LOGGER)
    records = [
        event(1, case_opened=case_events_pb2.CaseOpened()),
        event(2, incident_reported=case_events_pb2.IncidentReported()),
        event(3, subject="", incident_reported=case_events_pb2.IncidentReported()),
        event(4, subject=BOB, case_opened=case_events_pb2.CaseOpened()),
    ]
    async with app.agents["risk-summary"].test_context() as agent:
        for record in records:
            await agent.put(record.SerializeToString())
        await agent.put(b"\xff not a case event")
        await eventually(lambda: sum(map(len, read_model.batches)) == 3)
    written = [fact.source_sequence for batch in read_model.batches for fact in batch]
    assert written == [1, 2, 4]  # the anonymous report and the garbage are not facts


async def test_an_unreachable_read_model_delays_the_batch_instead_of_dropping_it(monkeypatch):
    monkeypatch.setattr(projection, "RETRY_DELAYS", (0, 0, 0))
    read_model = FakeReadModel(failures=2)
    facts, _, _ = projection.facts_of([event(1).SerializeToString()])
    written = await projection.write_with_retry(read_model.record, facts, LOGGER)
    assert written.facts == 1 and read_model.batches == [facts]
    with pytest.raises(psycopg.OperationalError):
        await projection.write_with_retry(FakeReadModel(failures=9).record, facts, LOGGER)


def test_configuration_comes_from_the_environment():
    config = projection.Config.from_env(
        {
            "MARAC_KAFKA_BOOTSTRAP": "kafka:9092",
            "MARAC_CASE_TOPICS": "police-cases, ddpo-cases,",
            "MARAC_READMODEL_DSN": "host=db dbname=readmodel",
            "MARAC_STATE_DIR": "/var/lib/marac",
        }
    )
    assert config.topics == ("police-cases", "ddpo-cases")
    assert config.projection_id == "marac-risk-projection"
    assert (config.bootstrap, config.state_dir) == ("kafka:9092", "/var/lib/marac")
    with pytest.raises(SystemExit):
        projection.Config.from_env({"MARAC_CASE_TOPICS": " , "})
