"""What an agency service's processes send each other over the socket pair between
a request process and the writer (services.common.request_processes): pickles,
read back allowing only the kernel's and the agency's own message types (frozen
dataclasses, enums, refusals) that this process has imported, and a few plain
ones; framed by length, and sent together while a sender is busy.

The socket pair is the boundary; this reading is a second line behind it (pickle's
BUILD can still set an attribute of an allowed class: a schema encoding instead of
pickle would close that too).
"""

import contextlib
import dataclasses
import enum
import io
import os
import pickle
import select
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from services.common.errors import DomainError, rebuilt
from services.common.validation import InvalidRequest

HEADER = struct.Struct("!I")
# A send that waits this long for the other process to read means it is stuck.
SEND_SECONDS = 10.0
# Types besides the kernel's and the agency's own that commands and answers hold.
PLAIN = frozenset(
    {
        ("builtins", "frozenset"),
        ("builtins", "set"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("uuid", "UUID"),
    }
)


class WriterFailed(Exception):
    """The writer failed in a way it logged; the request process answers INTERNAL."""


class Messages:
    """How a service's processes read what they send each other: pickles holding
    only the kernel's types, the agency's own and a few plain ones."""

    def __init__(self, package: str) -> None:
        self._packages = ("services.common.", f"{package}.")
        self._found: dict[tuple[str, str], Any] = {}

    def read(self, payload: bytes) -> Any:
        return _Reader(io.BytesIO(payload), self).load()

    def allowed(self, module: str, name: str) -> Any:
        if (module, name) not in self._found:
            # Only what this process has imported, and only a type defined there.
            found = getattr(sys.modules.get(module), name, None)
            if (module, name) not in PLAIN and not (
                module.startswith(self._packages)
                and getattr(found, "__module__", None) == module
                and _is_message(found)
            ):
                raise pickle.UnpicklingError(
                    f"{module}.{name} is not sent between a service's processes"
                )
            self._found[module, name] = found
        return self._found[module, name]


def _is_message(found: Any) -> bool:
    """A type commands and answers are made of, or how a refusal is rebuilt."""
    if found is rebuilt:
        return True
    if not isinstance(found, type):
        return False
    if dataclasses.is_dataclass(found):
        return found.__dataclass_params__.frozen  # type: ignore[attr-defined]
    return issubclass(found, enum.Enum | DomainError | InvalidRequest | WriterFailed)


class _Reader(pickle.Unpickler):
    def __init__(self, stream: io.BytesIO, messages: Messages) -> None:
        super().__init__(stream)
        self._messages = messages

    def find_class(self, module: str, name: str) -> Any:
        return self._messages.allowed(module, name)


def written(message: object) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


class Outbox:
    """Messages to one socket, sent together: a sender that finds no one sending
    sends everything waiting, so a busy link makes one system call for many. Each
    message is written by its sender, who hears if it cannot be."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._lock = threading.Lock()
        self._waiting: list[tuple[int, bytes]] = []
        self._sending = False
        self._broken = False

    def send(self, number: int, message: object) -> None:
        payload = written(message)
        with self._lock:
            if self._broken:
                raise ConnectionError("the link is broken")
            self._waiting.append((number, payload))
            if self._sending:
                return
            self._sending = True
        try:
            while True:
                with self._lock:
                    batch, self._waiting = self._waiting, []
                    if not batch:
                        self._sending = False
                        return
                frame = written(batch)  # numbers and bytes only
                send_within(self._sock, HEADER.pack(len(frame)) + frame, SEND_SECONDS)
        except BaseException:
            # Part of a frame may have gone: the link cannot carry more. Shutting it
            # down ends the other side's reading, which settles every call waiting.
            with self._lock:
                self._sending = False
                self._broken = True
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            raise


def send_within(sock: socket.socket, data: bytes, seconds: float) -> None:
    """sendall, but given up (TimeoutError) when the other side has not read for
    `seconds`. (A timeout on the socket would make its reader's reads non-blocking
    too: the mode belongs to the file both share.)"""
    view = memoryview(data)
    until = time.monotonic() + seconds
    while view:
        if not select.select([], [sock], [], max(0.0, until - time.monotonic()))[1]:
            raise TimeoutError("the other process does not read")
        with contextlib.suppress(BlockingIOError):  # filled again meanwhile
            view = view[sock.send(view, socket.MSG_DONTWAIT) :]


def received(stream: io.BufferedReader, messages: Messages) -> Iterator[tuple[int, bytes]]:
    """Each message's number and payload, until the stream ends."""
    while len(header := stream.read(HEADER.size)) == HEADER.size:
        yield from messages.read(stream.read(HEADER.unpack(header)[0]))


def socket_of(connection: Any) -> socket.socket:
    """The socket under one end of a multiprocessing pipe (which closes)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(connection.fileno()))
    connection.close()
    return sock
