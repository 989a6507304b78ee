"""Several connections to one service whose processes share its port (RiskView's,
an agency's request processes): the kernel gives each connection to one of them and
every call on a connection goes to that one, so a client that calls on one channel
keeps one process busy however many there are. A call here takes the connection with
the fewest calls in flight, the next in turn among equals, so calls spread over every
connection and a slower process is given fewer."""

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

import grpc

# Connections per service: enough that the kernel's spreading by connection reaches
# every process of a few, cheap enough to open (one handshake each).
CONNECTIONS = 8
# Without it, channels to one address share one connection (gRPC's subchannel pool).
OWN_CONNECTION = ("grpc.use_local_subchannel_pool", 1)

Stub = TypeVar("Stub")


def channels(
    address: str, credentials: grpc.ChannelCredentials, count: int = CONNECTIONS
) -> list[grpc.aio.Channel]:
    return [
        grpc.aio.secure_channel(address, credentials, options=[OWN_CONNECTION])
        for _ in range(count)
    ]


class LeastBusy(Generic[Stub]):
    """One stub per connection; `one()` lends the least busy. For one event loop's
    calls (no lock: the count changes only between awaits)."""

    def __init__(self, stubs: list[Stub]):
        self._stubs = stubs
        self._in_flight = [0] * len(stubs)
        self._turn = itertools.count()

    @classmethod
    def over(cls, channels: list[grpc.aio.Channel], stub: Callable[[grpc.aio.Channel], Stub]):
        return cls([stub(channel) for channel in channels])

    @contextmanager
    def one(self) -> Iterator[Stub]:
        start = next(self._turn)
        count = len(self._stubs)
        chosen = min(((start + n) % count for n in range(count)), key=self._in_flight.__getitem__)
        self._in_flight[chosen] += 1
        try:
            yield self._stubs[chosen]
        finally:
            self._in_flight[chosen] -= 1
