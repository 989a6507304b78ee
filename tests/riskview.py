"""RiskView as a test's own process: the scenario's shared view, the process serving
on it, the token settings and agenda handles of the people it serves, and the
disclosures it recorded, read back from their topic."""

import secrets
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from deploy.local.kafka_access import client_options
from deploy.local.ports import free_port
from marac.v1 import disclosure_pb2, riskview_pb2_grpc
from services.common.principals import RISKVIEW_PRINCIPAL, TEST_CLIENT
from services.riskview.handles import Handles
from shared_view.facts import Override
from tests.people import Issuer
from tests.support import (
    access_log_env,
    channel_as,
    filled_shared_view,
    python_process,
    tls_env,
    topic_records,
    wait_until_serving,
)
from tests.unit.test_facts import BOB, DAY, NOW, TO_PANEL, TO_POLICE, consent, incident, override
from tests.unit.test_risk_view_access import SCENARIO

AGENDA_SUBJECTS = 30  # more than one page
HANDLE_KEY = secrets.token_hex(32)


def facts():
    """The scenario of issue 5 for ALICE (with a live DDPO override to the police), a
    subject on nobody's agenda, and more eligible subjects to page through. The facts are
    dated around the real clock, as the RiskView process reads the view at its now."""
    shift = datetime.now(UTC) - NOW
    made = [*SCENARIO, override(3, "o-9", NOW + 30 * DAY, TO_POLICE, agency_id="ddpo-1")]
    made.append(replace(incident(9, subject=BOB), case_reference="P-BOB"))
    for n in range(AGENDA_SUBJECTS):
        key = f"{n + 1:064x}"
        case = [incident(100 + 10 * n + i, subject=key) for i in range(3)]
        case.append(consent(100 + 10 * n + 9, TO_PANEL, subject=key))
        made += [replace(f, case_reference=f"P-AGENDA-{n}") for f in case]
    return [_shifted(f, shift) for f in made]


def _shifted(fact, shift):
    payload = fact.payload
    if isinstance(payload, Override):
        payload = replace(payload, expires_at=payload.expires_at + shift)
    return replace(fact, occurred_at=fact.occurred_at + shift, payload=payload)


def scenario_view(dsn: str) -> str:
    """`dsn`'s shared view holding the scenario's facts, every view computed."""
    return filled_shared_view(dsn, facts())


@contextmanager
def riskview_process(dsn, env, log_path):
    with riskview_channel(dsn, env, log_path) as channel:
        yield riskview_pb2_grpc.RiskViewServiceStub(channel)


@contextmanager
def riskview_channel(dsn, env, log_path):
    """`python -m services.riskview` on `dsn`, serving; a channel to it as the test
    client."""
    address = f"127.0.0.1:{free_port()}"
    env = {
        "MARAC_READMODEL_DSN": dsn,
        "MARAC_GRPC_ADDRESS": address,
        **tls_env(RISKVIEW_PRINCIPAL),
        **access_log_env(RISKVIEW_PRINCIPAL),
        **env,
    }
    with (
        python_process("riskview", ["-m", "services.riskview"], env, log_path) as process,
        channel_as(TEST_CLIENT, address) as channel,
    ):
        wait_until_serving(channel, process, log_path)
        yield channel
    assert process.returncode == 0, log_path.read_text()[-2000:]


def people_env(issuer: Issuer, keys_at: str) -> dict[str, str]:
    return {
        "MARAC_TOKEN_ISSUER": issuer.issuer,
        "MARAC_TOKEN_AUDIENCE": issuer.audience,
        "MARAC_TOKEN_KEYS": keys_at,
        "MARAC_HANDLE_KEY": HANDLE_KEY,
    }


def handle(subject_key: str) -> str:
    return Handles(bytes.fromhex(HANDLE_KEY)).of(subject_key)


def disclosures(bootstrap: str, topic: str) -> dict[str, disclosure_pb2.Disclosure]:
    """Every disclosure on the topic, by id, with the record's key checked."""
    found = {}
    with topic_records(bootstrap, topic, **client_options()) as records:
        for record in records:
            disclosure = disclosure_pb2.Disclosure.FromString(record.value)
            assert record.key == disclosure.subject_key.encode()
            found[disclosure.disclosure_id] = disclosure
    return found
