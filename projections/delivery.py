"""How records reach a projection's stream: Faust's aiokafka transport, with a
consumer that hands a fetched record over directly when nothing can hold it up.

Faust hands every fetched record over as `wait_first(deliver(record),
suspend_flow.wait())`: four tasks and an asyncio.wait a record, so that a delivery
held up by a rebalance gives way. A delivery (the conductor's handler) waits only
while flow control is suspended, the conductor is changing its subscriptions, the
producer's buffer is over its limit, or a stream's buffer is full; when none of these
holds it finishes without yielding, so no rebalance can start meanwhile, and it is
awaited as it is. Otherwise Faust's own way is taken. The check must name every wait
of the handler: faust-streaming is pinned to the release it was read against.

Registered with Faust as the `marac-kafka` transport (pyproject.toml's
faust.transports entry point).
"""

from typing import Any

from faust.transport.drivers import aiokafka
from mode.services import WaitArgT, WaitResults
from mode.utils.times import Seconds

SCHEME = "marac-kafka"


class Consumer(aiokafka.Consumer):
    def nothing_holds_deliveries(self) -> bool:
        app = self.app
        buffer = app.producer.buffer
        return (
            self.flow_active
            and not self.suspend_flow.is_set()
            and app.flow_control.is_active()
            and not app.topics._tp_to_callback_lock.locked()
            and buffer.size <= buffer.max_messages
            and not any(channel.queue.full() for channel in app.topics)
        )

    async def wait_first(self, *coros: WaitArgT, timeout: Seconds | None = None) -> WaitResults:
        # Its one caller is the fetcher's delivery of a record, as (delivery, suspended).
        if len(coros) == 2 and timeout is None and self.nothing_holds_deliveries():
            delivery, suspended = coros
            suspended.close()  # type: ignore[union-attr]
            result: Any = await delivery  # type: ignore[misc]
            return WaitResults([delivery], [result], False)
        return await super().wait_first(*coros, timeout=timeout)


class Transport(aiokafka.Transport):
    Consumer = Consumer
