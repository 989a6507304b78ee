"""How records reach a projection's stream, for less of the event loop a record:
Faust's aiokafka transport with a consumer that hands a record over directly when
nothing can hold it up, and a monitor that keeps no statistics of each record.

Faust hands every fetched record over as `wait_first(deliver(record),
suspend_flow.wait())`: four tasks and an asyncio.wait a record, so that a delivery
held up by a rebalance gives way. A delivery can only be held up while flow control
is suspended, the conductor is changing its subscriptions, or a stream's buffer is
full; when none of these holds it finishes without waiting, so it is awaited as it
is, and otherwise Faust's own way is taken.

Faust's Monitor counts each record into statistics that only its web view reads, and
that is off: the projections' figures are their Prometheus metrics. QuietMonitor
keeps only what Faust itself reads back (when a stream last took a record, which its
check for a stalled stream uses).

Registered with Faust as the `marac` transport (pyproject.toml's faust.transports).
"""

from time import monotonic
from typing import Any

from faust.sensors import Monitor
from faust.transport.drivers import aiokafka
from faust.types import TP, EventT, Message, StreamT
from mode.services import WaitArgT, WaitResults
from mode.utils.times import Seconds


class Consumer(aiokafka.Consumer):
    def _nothing_holds_deliveries(self) -> bool:
        app = self.app
        return (
            self.flow_active
            and not self.suspend_flow.is_set()
            and app.flow_control.is_active()
            and not app.topics._tp_to_callback_lock.locked()
            and not any(channel.queue.full() for channel in app.topics)
        )

    async def wait_first(self, *coros: WaitArgT, timeout: Seconds | None = None) -> WaitResults:
        # Its one caller is the fetcher's delivery of a record, as (delivery, suspended).
        if len(coros) == 2 and timeout is None and self._nothing_holds_deliveries():
            delivery, suspended = coros
            suspended.close()  # type: ignore[union-attr]
            result: Any = await delivery  # type: ignore[misc]
            return WaitResults([delivery], [result], False)
        return await super().wait_first(*coros, timeout=timeout)


class Transport(aiokafka.Transport):
    Consumer = Consumer


class QuietMonitor(Monitor):
    def on_message_in(self, tp: TP, offset: int, message: Message) -> None:
        pass

    def on_stream_event_in(
        self, tp: TP, offset: int, stream: StreamT, event: EventT
    ) -> dict | None:
        self.stream_inbound_time[tp] = monotonic()
        return None

    def on_stream_event_out(
        self, tp: TP, offset: int, stream: StreamT, event: EventT, state: dict | None = None
    ) -> None:
        pass

    def on_message_out(self, tp: TP, offset: int, message: Message) -> None:
        pass
