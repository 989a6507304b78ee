"""The disclosure log on Kafka: each Disclosure is published, keyed by subject key, to the
disclosure topic for the audit ledger, and RiskView waits for the broker's
acknowledgement before it answers (services.common.acknowledged).

The producer is on an event loop of the log's own thread: RiskView records from the
threads its calls work in, and waits there. kafka-python's producer cost it
about 0.9 ms of CPU per call that disclosed (a third of a GetAgendaItem), aiokafka's 0.5
(tests/benchmarks/test_chair_views.py; README, Benchmarks).
"""

import asyncio
import threading
from collections.abc import Mapping, Sequence

from aiokafka.errors import KafkaError

from marac.v1 import disclosure_pb2
from services.common.acknowledged import AcknowledgedProducer
from services.common.contract import timestamp
from services.riskview.disclosure_record import (
    BY_REFERRAL,
    DisclosedCase,
    Disclosure,
    DisclosureNotRecorded,
)
from shared_view.view import BY_CONSENT, BY_OVERRIDE

BASES = {
    BY_CONSENT: disclosure_pb2.DISCLOSURE_BASIS_CONSENT,
    BY_OVERRIDE: disclosure_pb2.DISCLOSURE_BASIS_OVERRIDE,
    BY_REFERRAL: disclosure_pb2.DISCLOSURE_BASIS_MARAC_REFERRAL,
}


class KafkaDisclosureLog:
    def __init__(
        self,
        bootstrap: str,
        topic: str,
        timeout_seconds: float,
        client_options: Mapping[str, object] | None = None,
    ):
        self._topic = topic
        self._timeout = timeout_seconds
        self._producer = AcknowledgedProducer(bootstrap, timeout_seconds, client_options)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="disclosure-log", daemon=True
        )
        self._thread.start()

    def record(self, disclosures: Sequence[Disclosure]) -> None:
        records = [(d.subject_key.encode(), to_message(d).SerializeToString()) for d in disclosures]
        sending = asyncio.run_coroutine_threadsafe(
            self._producer.send_all(self._topic, records), self._loop
        )
        try:
            sending.result(timeout=self._timeout)
        except (KafkaError, TimeoutError) as error:
            sending.cancel()  # not sent by now: the caller is told it was not recorded
            raise DisclosureNotRecorded() from error

    def close(self) -> None:
        if self._loop.is_closed():
            return
        closing = asyncio.run_coroutine_threadsafe(self._producer.close(), self._loop)
        closing.result(timeout=self._timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(self._timeout)
        self._loop.close()


def to_message(disclosure: Disclosure) -> disclosure_pb2.Disclosure:
    caller = disclosure.caller
    return disclosure_pb2.Disclosure(
        disclosure_id=disclosure.disclosure_id,
        caller=disclosure_pb2.Caller(
            role=caller.role,
            agency=caller.agency,
            agency_id=caller.agency_id,
            user_id=caller.user_id,
            issuer=caller.issuer,
        ),
        subject_key=disclosure.subject_key,
        contributions=[_contribution(case) for case in disclosure.cases],
        purpose=disclosure.purpose,
        disclosed_at=timestamp(disclosure.disclosed_at),
        meeting_id=disclosure.meeting_id,
        view=disclosure.view,
    )


def _contribution(case: DisclosedCase) -> disclosure_pb2.DisclosedContribution:
    return disclosure_pb2.DisclosedContribution(
        agency=case.agency,
        agency_id=case.agency_id,
        case_reference=case.case_reference,
        basis=BASES[case.basis],
        override_id=case.override_id,
        lawful_basis=case.lawful_basis,
    )
