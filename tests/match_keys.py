"""What keeps the tests honest about subject match keys: no agency service returns
one to a client (README, privacy rules).

The tests are the operator of the services they start, so they hold the linking key
and compute each subject's match key themselves, with the function the services use
(deploy.local.stack.match_key). `NoMatchKeys` is a client interceptor that does so
for every subject a request on its channel names, and looks for every key it knows
in every answer, as 64 hexadecimal characters (in either case) or as its 32 bytes.
"""

import re
import threading
from collections import Counter
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import DecodeError, Message

from deploy.local.stack import match_key

SUBJECT_IDENTITY = "marac.v1.SubjectIdentity"
HEX = re.compile(rb"(?=([0-9a-f]{64}))")  # every window, overlapping ones too
DIGEST_BYTES = 32


def subjects_in(message: Message) -> list[Message]:
    """Every SubjectIdentity the message holds, at any depth."""
    found = []
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        values = value if field.is_repeated else [value]
        for item in values:
            if not isinstance(item, Message):
                continue  # a map of scalars
            if field.message_type.full_name == SUBJECT_IDENTITY:
                found.append(item)
            found += subjects_in(item)
    return found


def request_type(path: str) -> type[Message] | None:
    """The request message class of the method at `path` ("/pkg.Service/Method")."""
    service, _, method = path.lstrip("/").rpartition("/")
    try:
        descriptor = descriptor_pool.Default().FindMethodByName(f"{service}.{method}")
    except KeyError:
        return None
    return message_factory.GetMessageClass(descriptor.input_type)


class MatchKeys:
    """The match keys of the subjects named so far, and where an answer carried one."""

    def __init__(self, linking_key: str) -> None:
        self.linking_key = linking_key
        self.hex: set[bytes] = set()
        self.raw: set[bytes] = set()
        self.leaks: list[str] = []
        self.answers: Counter[str] = Counter()  # method -> answers looked at
        self.responses: Counter[str] = Counter()  # method -> OK answers looked at
        self._lock = threading.Lock()

    def learn(self, request: Any, path: str) -> None:
        if isinstance(request, bytes):
            kind = request_type(path)
            if kind is None:
                return
            try:
                request = kind.FromString(request)
            except DecodeError:
                return  # the service refuses it too
        if not isinstance(request, Message):
            return
        for subject in subjects_in(request):
            key = match_key(self.linking_key, subject)
            with self._lock:
                self.hex.add(key.encode())
                self.raw.add(bytes.fromhex(key))

    def carried_by(self, answer: bytes) -> bool:
        """Whether the answer carries a match key the checker knows."""
        lowered = answer.lower()
        with self._lock:
            if any(m.group(1) in self.hex for m in HEX.finditer(lowered)):
                return True
            windows = (answer[i : i + DIGEST_BYTES] for i in range(len(answer) - 31))
            return any(w in self.raw for w in windows)

    def look_at(self, path: str, answer: Any) -> None:
        """Records a leak, and raises, when `answer` (a response message, its bytes,
        or what a refusal said) carries a known match key."""
        data = answer.SerializeToString() if isinstance(answer, Message) else answer
        method = path.rpartition("/")[2]
        with self._lock:
            self.answers[method] += 1
        if self.carried_by(data):
            with self._lock:
                self.leaks.append(method)
            raise AssertionError(f"{method} answered with a subject's match key")


class NoMatchKeys(grpc.UnaryUnaryClientInterceptor):
    """Fails a call whose answer carries the match key of a subject named on the
    channel (and records it, for answers that come to a future)."""

    def __init__(self, keys: MatchKeys) -> None:
        self.keys = keys

    def intercept_unary_unary(self, continuation, client_call_details, request):
        path = client_call_details.method
        path = path.decode() if isinstance(path, bytes) else path
        self.keys.learn(request, path)
        outcome = continuation(client_call_details, request)
        if outcome.done():
            self._check(path, outcome)
        else:
            outcome.add_done_callback(lambda done: self._check(path, done, raising=False))
        return outcome

    def _check(self, path: str, outcome, raising: bool = True) -> None:
        if outcome.cancelled():
            return
        error = outcome.exception()
        if error is None:
            said = outcome.result()
            with self.keys._lock:
                self.keys.responses[path.rpartition("/")[2]] += 1
        else:  # a refusal: its message, details and trailers
            said = (error.details() or "").encode() + b"".join(
                value if isinstance(value, bytes) else value.encode()
                for _, value in error.trailing_metadata() or ()
            )
        try:
            self.keys.look_at(path, said)
        except AssertionError:
            if raising:
                raise
