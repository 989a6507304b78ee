"""The access log on Kafka: each entry is published to the access-log topic, keyed by
the answering service, with an idempotent producer (acks=all). It lingers not at
all: entries that come while a request to the broker is out wait for it and go
together in the next, so calls answered at once share a request anyway, and a lone
read waits only for its acknowledgement. Measured on one read
(tests/benchmarks/test_access_log_cost.py, load 8-17 on two cores): linger 0 added
2.2 ms at p50 to a lone caller, 2 ms added 5.6, 5 ms added 9.3; with eight callers
at once 3.4, 4.5 and 6.3.

The producer is aiokafka's, on the event loop of the process that writes (a gRPC
server's, the web app's), made on first use: a service starts, and answers
writes, while Kafka is still coming up; a start that fails is tried again by the
next entry.
"""

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from cryptography import x509

from marac.v1 import access_log_pb2
from services.common.access_log import AccessNotLogged
from services.common.principals import Principal
from services.common.settings import KAFKA_BOOTSTRAP, seconds, setting, text
from services.common.tls import TlsIdentity

# Batching comes from requests in flight (above), not from waiting.
LINGER_MS = 0


@dataclass(frozen=True)
class AccessLogSettings:
    bootstrap: str
    topic: str
    timeout: float

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "AccessLogSettings":
        return cls(
            bootstrap=KAFKA_BOOTSTRAP.read(env),
            topic=setting(env, "MARAC_ACCESS_LOG_TOPIC", text, "a topic name"),
            timeout=setting(env, "MARAC_ACCESS_LOG_TIMEOUT", seconds, "a number of seconds", 5.0),
        )

    def log(self, tls: TlsIdentity) -> "KafkaAccessLog":
        return KafkaAccessLog(self.bootstrap, self.topic, self.timeout, tls.kafka_options())


def principal_of_certificate(pem: bytes) -> str:
    """The principal a process's own certificate names: the service it writes as."""
    certificate = x509.load_pem_x509_certificates(pem)[0]
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    (uri,) = names.value.get_values_for_type(x509.UniformResourceIdentifier)
    principal = Principal.from_uri(uri)
    return str(principal) if principal else ""


class KafkaAccessLog:
    def __init__(
        self,
        bootstrap: str,
        topic: str,
        timeout_seconds: float,
        client_options: Mapping[str, object] | None = None,
    ):
        self._bootstrap = bootstrap
        self._topic = topic
        self._timeout = timeout_seconds
        self._client_options = dict(client_options or {})
        self._producer: AIOKafkaProducer | None = None
        self._connecting: asyncio.Lock | None = None

    async def write(self, entry: access_log_pb2.AccessLogEntry) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                producer = await self._connected()
                sent = await producer.send(
                    self._topic, key=entry.service.encode(), value=entry.SerializeToString()
                )
                await sent
        except (KafkaError, TimeoutError, OSError) as error:
            raise AccessNotLogged() from error

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def _connected(self) -> AIOKafkaProducer:
        if self._connecting is None:
            self._connecting = asyncio.Lock()  # of the loop that writes
        async with self._connecting:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self._bootstrap,
                    acks="all",
                    enable_idempotence=True,
                    linger_ms=LINGER_MS,
                    request_timeout_ms=int(self._timeout * 1000),
                    **self._client_options,
                )
                try:
                    await producer.start()
                except BaseException:
                    await producer.stop()
                    raise
                self._producer = producer
            return self._producer
