"""An agency service spread over processes: several request processes answer gRPC on
one port (the kernel spreads connections among them), and one writer process makes
every change. So mapping requests, answering queries and gRPC's own work use every
core, while each case still has one writer and changes still commit in groups
(services.common.unit_of_work).

A request process answers queries from the store itself and sends each command (a
call whose first argument carries a request id) to the writer over a socket pair
it inherited: no other process can reach the writer. The writer runs the command
on its case records within the caller's deadline and sends back the answer, or the
refusal, which the request process answers as it would its own
(services.common.grpc_errors). What they send each other, and how it is read
back, is services.common.process_messages.

A request process stops when its writer goes; the writer starts a request process
again when one exits.
"""

import asyncio
import contextlib
import contextvars
import itertools
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from services.common.errors import DeadlineExceeded, DomainError, Unavailable
from services.common.grpc_errors import UNREACHABLE
from services.common.logs import log
from services.common.process_messages import (
    Messages,
    Outbox,
    WriterFailed,
    received,
)
from services.common.unit_of_work import ANSWER_GRACE_SECONDS, deadline, waiting_at_most
from services.common.validation import InvalidRequest

# Commands waiting for their group commit each hold a thread of the writer.
WRITER_THREADS = 64
WATCH_SECONDS = 1.0  # how often the writer looks for request processes that exited
RESTARTING = "the service's writer is restarting; retry"
NOT_CONFIRMED = "the change was not confirmed in time; retry"


# In a request process


class WriterLink:
    """A request process's end of its socket to the writer. A call on the event loop
    awaits its answer there; a call from another thread waits for it."""

    def __init__(
        self,
        sock: socket.socket,
        messages: Messages,
        logger: logging.Logger,
        on_lost: Callable[[], None],
    ) -> None:
        self._sock = sock
        self._messages = messages
        self._logger = logger
        self._outbox = Outbox(sock)
        self._numbers = itertools.count()
        # What settles each call sent, by its number.
        self._waiting: dict[int, Callable[[bool, Any], None]] = {}
        self._lost = False
        self._on_lost = on_lost
        threading.Thread(target=self._read_answers, name="writer-link", daemon=True).start()

    def call(self, name: str, args: tuple) -> Any:
        """Runs `name` on the writer's records; returns its answer or raises its refusal."""
        future: Future = Future()
        number, wait = self._send(name, args, lambda ok, value: _settle(future, ok, value))
        try:
            return future.result(wait)
        except TimeoutError:
            raise DeadlineExceeded(NOT_CONFIRMED) from None
        finally:
            self._waiting.pop(number, None)

    async def ask(self, name: str, args: tuple) -> Any:
        """`call`, awaited on the running event loop."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def settle(ok: bool, value: Any) -> None:
            loop.call_soon_threadsafe(_settle, future, ok, value)

        number, wait = self._send(name, args, settle)
        try:
            return await asyncio.wait_for(future, wait)
        except TimeoutError:
            raise DeadlineExceeded(NOT_CONFIRMED) from None
        finally:
            self._waiting.pop(number, None)

    def _send(
        self, name: str, args: tuple, settle: Callable[[bool, Any], None]
    ) -> tuple[int, float | None]:
        # The deadline as an instant (of the clock every process here shares), so the
        # time a command waits to be read counts against it too.
        until = deadline.get()
        number = next(self._numbers)
        self._waiting[number] = settle
        try:
            if self._lost:
                raise Unavailable(RESTARTING)
            self._outbox.send(number, (name, args, until))
        except OSError:
            self._waiting.pop(number, None)
            raise Unavailable(RESTARTING) from None
        except BaseException:
            self._waiting.pop(number, None)
            raise
        wait = None if until is None else max(0.0, until - time.monotonic()) + ANSWER_GRACE_SECONDS
        return number, wait

    def writer_answers(self) -> bool:
        """Whether the writer answers, its store does, and it takes the changes waiting
        in time (for the health check)."""
        with waiting_at_most(2.0):
            return self.call("reachable", ()) and self.call("writer_progressing", ())

    def background_progressing(self) -> bool:
        """Whether the writer's background work (its inbox of meeting actions) makes
        progress (for the health check)."""
        with waiting_at_most(2.0):
            return self.call("background_progressing", ())

    def _read_answers(self) -> None:
        with self._sock.makefile("rb") as stream:
            try:
                for number, payload in received(stream, self._messages):
                    settle = self._waiting.get(number)
                    if settle is None:
                        continue  # its caller stopped waiting
                    try:
                        ok, value = self._messages.read(payload)
                    except Exception as error:
                        log(self._logger, "answer unreadable", error=type(error).__name__)
                        ok, value = False, WriterFailed()
                    settle(ok, value)
            except OSError:
                pass
            except Exception as error:
                log(self._logger, "writer link failed", error=type(error).__name__)
        self._lost = True
        for settle in list(self._waiting.values()):
            settle(False, Unavailable(RESTARTING))
        self._on_lost()


def _settle(future: Future | asyncio.Future, ok: bool, value: Any) -> None:
    if not future.done():
        future.set_result(value) if ok else future.set_exception(value)


# Set while a servicer's work is started on the event loop
# (RequestProcessRecords.answer_on_loop).
_on_loop: contextvars.ContextVar[bool] = contextvars.ContextVar("on_loop", default=False)


class RequestProcessRecords:
    """The case records as a request process sees them: queries are answered from
    the store here, commands are made by the writer."""

    def __init__(self, local: Any, writer: WriterLink) -> None:
        self._local = local
        self._writer = writer

    async def answer_on_loop(self, work: Callable[[], Any]) -> Any:
        """Runs a servicer's work (one call of the records): a command is sent from
        the event loop itself, a query is answered in a thread."""
        token = _on_loop.set(True)
        try:
            started = work()
        finally:
            _on_loop.reset(token)
        return await started

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._local, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute

        def call(*args: Any) -> Any:
            command = bool(args) and hasattr(args[0], "request_id")
            if _on_loop.get():
                if command:
                    return self._writer.ask(name, args)
                return asyncio.to_thread(attribute, *args)
            return self._writer.call(name, args) if command else attribute(*args)

        return call


def stop_when_parent_goes(connection: Connection) -> None:
    """For a request process with no writer (RiskView's): SIGTERM to itself when its
    end of the pipe from its parent closes, so none outlives a parent that was killed."""

    def wait() -> None:
        with contextlib.suppress(EOFError, OSError):
            while True:
                connection.recv()
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=wait, name="parent-link", daemon=True).start()


# In the writer process


class Desk:
    """The writer's end of the sockets to its request processes: runs each command
    sent on the case records, in a thread of its own while it waits for its group."""

    def __init__(self, records: Any, messages: Messages, logger: logging.Logger) -> None:
        self._records = records
        self._messages = messages
        self._logger = logger
        self._pool = ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="command")

    def take_from(self, sock: socket.socket) -> None:
        threading.Thread(target=self._read, args=(sock,), name="desk", daemon=True).start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _read(self, sock: socket.socket) -> None:
        outbox = Outbox(sock)
        with sock, sock.makefile("rb") as stream:
            try:
                for number, payload in received(stream, self._messages):
                    self._pool.submit(self._run, outbox, number, payload)
            except (OSError, RuntimeError):  # the request process went; the pool closed
                pass
            except Exception as error:
                # Closing the socket stops the request process, which is started again.
                log(self._logger, "request process link failed", error=type(error).__name__)

    def _run(self, outbox: Outbox, number: int, payload: bytes) -> None:
        name = "unreadable"
        try:
            name, args, until = self._messages.read(payload)
            if name.startswith("_"):
                raise AttributeError(name)
            token = deadline.set(until)
            try:
                answer = (True, getattr(self._records, name)(*args))
            finally:
                deadline.reset(token)
        except (DomainError, InvalidRequest) as refusal:
            answer = (False, refusal)
        except UNREACHABLE as error:
            log(self._logger, "database unavailable", command=name, error=type(error).__name__)
            answer = (False, Unavailable("the database is unavailable; retry"))
        except Exception as error:
            self._logger.error("failed", exc_info=error, extra={"fields": {"command": name}})
            answer = (False, WriterFailed())
        try:
            outbox.send(number, answer)
        except OSError:
            pass  # the request process went; its caller is told by gRPC
        except Exception as error:  # the answer cannot be written: say so
            self._logger.error("failed", exc_info=error, extra={"fields": {"command": name}})
            with contextlib.suppress(OSError):
                outbox.send(number, (False, WriterFailed()))


class RequestProcesses:
    """A parent's request processes (an agency writer's; RiskView's): started, started
    again when one exits (with the exit logged), and stopped with the parent."""

    def __init__(
        self,
        name: str,
        target: Callable[..., None],
        args: tuple,
        count: int,
        take: Callable[[int, Connection], None],
        logger: logging.Logger,
    ) -> None:
        """`target(*args, connection)` runs a request process (a module-level function:
        each process is started afresh and imports what it runs); `take(number, end)`
        is given the parent's end of its pipe (a writer's Desk reads commands from it;
        a request process that finds its pipe closed stops)."""
        self._name = name
        self._target = target
        self._args = args
        self._take = take
        self._logger = logger
        self._context = multiprocessing.get_context("spawn")
        self._stopping = threading.Event()
        self._processes = [self._start(number) for number in range(count)]
        self._watcher = threading.Thread(target=self._watch, name="request-processes", daemon=True)
        self._watcher.start()

    def _start(self, number: int) -> multiprocessing.process.BaseProcess:
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=self._target,
            args=(*self._args, theirs),
            name=f"{self._name}-requests-{number}",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._take(number, ours)
        log(self._logger, "request process started", number=number, pid=process.pid)
        return process

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_SECONDS):
            for number, process in enumerate(self._processes):
                if process.is_alive() or self._stopping.is_set():
                    continue
                log(self._logger, "request process exited", number=number, status=process.exitcode)
                try:
                    self._processes[number] = self._start(number)
                except Exception as error:  # tried again at the next look
                    log(self._logger, "request process not started", error=type(error).__name__)

    def stop(self) -> None:
        self._stopping.set()
        self._watcher.join()
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
