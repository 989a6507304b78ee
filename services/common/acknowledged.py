"""Records that count only once the broker has them: an idempotent aiokafka producer
(acks=all) that sends and waits for the acknowledgement, for the logs a service keeps
of what it showed (the access log, RiskView's disclosures). It lingers not at all:
records that come while a request to the broker is out wait for it and go together
in the next, so a lone record waits only for its acknowledgement (linger 0 added 2.2
ms at p50 to a lone read, 2 ms 5.6, 5 ms 9.3: tests/benchmarks/test_access_log_cost.py).

Made on first use, on the event loop that sends: a service starts, and answers what
needs no record, while Kafka is still coming up; a start that fails is tried again
by the next send.
"""

import asyncio
import functools
import random
from collections.abc import Iterable, Mapping, Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import murmur2

LINGER_MS = 0
KEYS_REMEMBERED = 65_536  # subjects' keys: an agenda's, many times over


@functools.lru_cache(maxsize=KEYS_REMEMBERED)
def _key_hash(key: bytes) -> int:
    return murmur2(key) & 0x7FFFFFFF


def partition(key: bytes | None, every: Sequence[int], available: Sequence[int]) -> int:
    """Kafka's default partition of a record (murmur2 of its key, as aiokafka's
    DefaultPartitioner and the Java client), each key's hash made once: aiokafka
    makes it in Python for every record, 9 us, a twentieth of an agenda page's CPU in
    RiskView (25 disclosures). No key: any available partition."""
    if key is None:
        return random.choice(available or every)
    return every[_key_hash(key) % len(every)]


class AcknowledgedProducer:
    def __init__(
        self,
        bootstrap: str,
        timeout_seconds: float,
        client_options: Mapping[str, object] | None = None,
    ):
        self._bootstrap = bootstrap
        self._timeout = timeout_seconds
        # How it connects: as the service, over mutual TLS (TlsIdentity.kafka_options).
        self._client_options = dict(client_options or {})
        self._producer: AIOKafkaProducer | None = None
        self._connecting: asyncio.Lock | None = None
        self._stopping: set[asyncio.Future] = set()

    async def send_all(self, topic: str, records: Iterable[tuple[bytes, bytes]]) -> None:
        """Each (key, value) to `topic`, once the broker acknowledged all of them."""
        producer = await self._connected()
        try:
            acknowledged = [await producer.send(topic, key=k, value=v) for k, v in records]
            await asyncio.gather(*acknowledged)
        except BaseException:
            # Records never acknowledged (the broker away, the caller gone) leave an
            # idempotent producer's sequence numbers ahead of the broker's, and
            # aiokafka does not rewind them: after a restart of the broker every later
            # send was refused (OutOfOrderSequence) for good. The next send starts a
            # producer of its own, with a new producer id.
            self._discard(producer)
            raise

    def _discard(self, producer: AIOKafkaProducer) -> None:
        if self._producer is producer:
            self._producer = None
            # Stopped in the background: while the broker is away it may take a while.
            stopping = asyncio.ensure_future(producer.stop())
            self._stopping.add(stopping)
            stopping.add_done_callback(self._stopping.discard)

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def _connected(self) -> AIOKafkaProducer:
        if self._connecting is None:
            self._connecting = asyncio.Lock()  # of the loop that sends
        async with self._connecting:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self._bootstrap,
                    acks="all",
                    enable_idempotence=True,
                    linger_ms=LINGER_MS,
                    partitioner=partition,
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
