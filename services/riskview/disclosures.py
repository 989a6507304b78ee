"""The disclosure log on Kafka: each Disclosure is published, keyed by subject key, to the
disclosure topic for the audit ledger, with an idempotent producer (acks=all), and
RiskView waits for the broker's acknowledgement before it answers."""

import threading
from collections.abc import Mapping, Sequence

from kafka import KafkaProducer
from kafka.errors import KafkaError

from marac.v1 import disclosure_pb2
from services.common.contract import timestamp
from services.riskview.application import (
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
        self._bootstrap = bootstrap
        # How it connects: as RiskView, over mutual TLS (TlsIdentity.kafka_options).
        self._client_options = dict(client_options or {})
        self._topic = topic
        self._timeout = timeout_seconds
        self._producer: KafkaProducer | None = None
        self._lock = threading.Lock()

    def record(self, disclosures: Sequence[Disclosure]) -> None:
        try:
            producer = self._connected()
            sent = [
                producer.send(
                    self._topic,
                    key=d.subject_key.encode(),
                    value=to_message(d).SerializeToString(),
                )
                for d in disclosures
            ]
            for future in sent:
                future.get(timeout=self._timeout)
        except KafkaError as error:
            raise DisclosureNotRecorded() from error

    def close(self) -> None:
        with self._lock:
            if self._producer is not None:
                self._producer.close(timeout=self._timeout)
                self._producer = None

    def _connected(self) -> KafkaProducer:
        # Made on first use, so RiskView starts (and answers what needs no disclosure)
        # while Kafka is still coming up.
        with self._lock:
            if self._producer is None:
                timeout_ms = int(self._timeout * 1000)
                self._producer = KafkaProducer(
                    bootstrap_servers=self._bootstrap,
                    acks="all",
                    enable_idempotence=True,
                    max_block_ms=timeout_ms,  # waiting for metadata, e.g. of a missing topic
                    request_timeout_ms=timeout_ms,
                    delivery_timeout_ms=timeout_ms + 1000,
                    linger_ms=0,
                    **self._client_options,
                )
            return self._producer


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
