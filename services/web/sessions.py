"""People's sessions in the web app, kept in this process's memory only: a restart
signs everyone out. A session is named by a random id (256 bits) that its cookie
carries signed; it holds the person's token (never sent to the browser), who they
are as the token says, and the session's CSRF token, which every form must send
back. A session not used for the idle timeout is over. A sign-in starts a new
session (a new id and CSRF token), so an id known before it is worth nothing after.
A sign-in through an OpenID Connect issuer is started from the session it will
replace, which keeps its state, nonce and PKCE verifier until the callback; the
issuer's refresh token, if it gave one, renews the token, and without one the
session is over when the token is.
A form sent without an answer from the service (it timed out, or the service was
unreachable) may have been applied: until it is answered, the session gives that
form its sending's request id again, so sending it again, or going back to it,
applies it at most once.

Pure but for the clock it is given; the number of sessions is bounded (the least
recently used go first), so a flood of visits cannot fill the memory.
"""

import hmac
import secrets
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.common.people import ANALYST, CHAIR, IG, REPRESENTATIVE

MAX_SESSIONS = 20_000
UNANSWERED_FORMS = 16  # per session: a person waits on a few forms at once, not more


@dataclass(frozen=True)
class Person:
    """Who is signed in, as their token says (RiskView checks the token itself)."""

    user_id: str
    role: str  # services.common.people: chair, representative, ig or analyst
    agency: str = ""  # a representative's agency (services/agencies.py)
    agency_id: str = ""

    @property
    def is_chair(self) -> bool:
        return self.role == CHAIR

    @property
    def is_representative(self) -> bool:
        return self.role == REPRESENTATIVE

    @property
    def is_ig(self) -> bool:
        return self.role == IG

    @property
    def is_analyst(self) -> bool:
        return self.role == ANALYST


@dataclass(frozen=True)
class PendingSignIn:
    """An OpenID Connect sign-in started from this session, until its callback."""

    state: str = field(repr=False)
    nonce: str = field(repr=False)
    code_verifier: str = field(repr=False)
    started_at: datetime


@dataclass
class Session:
    session_id: str
    csrf_token: str
    last_used: datetime
    person: Person | None = None
    token: str = field(default="", repr=False)
    token_expires_at: datetime | None = None
    through_issuer: bool = False  # signed in through the OpenID Connect issuer
    refresh_token: str = field(default="", repr=False)  # that issuer's, if it gave one
    pending: PendingSignIn | None = None
    # The form's action -> the request id of its sending that got no answer.
    unanswered: OrderedDict[str, str] = field(default_factory=OrderedDict)

    @property
    def signed_in(self) -> bool:
        return self.person is not None

    def request_id_for(self, action: str) -> str:
        """The request id of a form that posts to `action`."""
        return self.unanswered.get(action) or new_request_id()

    def not_answered(self, action: str, request_id: str) -> None:
        self.unanswered[action] = request_id
        self.unanswered.move_to_end(action)
        while len(self.unanswered) > UNANSWERED_FORMS:
            self.unanswered.popitem(last=False)

    def answered(self, action: str) -> None:
        self.unanswered.pop(action, None)


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_request_id() -> str:
    return str(uuid.uuid4())


class Sessions:
    def __init__(
        self,
        idle: timedelta,
        renew_before: timedelta,
        clock: Callable[[], datetime] = utc_now,
        max_sessions: int = MAX_SESSIONS,
        new_id: Callable[[], str] = new_secret,
    ):
        self.idle = idle
        self._renew_before = renew_before
        self._clock = clock
        self._max = max_sessions
        self._new_id = new_id
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def start(self) -> Session:
        """A session for someone not signed in yet (the sign-in form's CSRF token)."""
        session = Session(self._new_id(), self._new_id(), self._clock())
        self._sessions[session.session_id] = session
        while len(self._sessions) > self._max:
            self._drop_one()
        return session

    def _drop_one(self) -> None:
        """The least recently used session of someone not signed in, if any: visits to
        the sign-in page, however many, never sign anyone out; else the least recently
        used of all."""
        for session_id, session in self._sessions.items():
            if not session.signed_in:
                del self._sessions[session_id]
                return
        self._sessions.popitem(last=False)

    def find(self, session_id: str) -> tuple[Session | None, bool]:
        """The session, used now; and whether the id named one that had gone idle
        (so that the page can say why the person is signed out)."""
        session = self._sessions.get(session_id)
        if session is None:
            return None, False
        now = self._clock()
        expired = session.token_expires_at is not None and session.token_expires_at <= now
        if now - session.last_used >= self.idle or expired:
            del self._sessions[session_id]
            return None, session.signed_in
        session.last_used = now
        self._sessions.move_to_end(session_id)
        return session, False

    def sign_in(
        self,
        previous: Session | None,
        person: Person,
        token: str,
        expires_at: datetime,
        through_issuer: bool = False,
        refresh_token: str = "",
    ) -> Session:
        if previous is not None:
            self.end(previous)
        session = self.start()
        session.person, session.token, session.token_expires_at = person, token, expires_at
        session.through_issuer, session.refresh_token = through_issuer, refresh_token
        return session

    def needs_renewal(self, session: Session) -> bool:
        if session.through_issuer and not session.refresh_token:
            return False  # nothing to renew with: over when the token is
        expires_at = session.token_expires_at
        return expires_at is not None and expires_at - self._clock() <= self._renew_before

    def renewed(
        self, session: Session, token: str, expires_at: datetime, refresh_token: str = ""
    ) -> None:
        session.token, session.token_expires_at = token, expires_at
        session.refresh_token = refresh_token or session.refresh_token  # rotated, or kept

    def pend(self, session: Session, state: str, nonce: str, code_verifier: str) -> None:
        """An OpenID Connect sign-in started from `session` (one at a time: a new one
        replaces it)."""
        session.pending = PendingSignIn(state, nonce, code_verifier, self._clock())

    def take_pending(self, session: Session, state: str, within: timedelta) -> PendingSignIn | None:
        """The sign-in the issuer's callback names by its state, if started from this
        session within `within`; used once, whatever the answer."""
        pending, session.pending = session.pending, None
        if pending is None or not state or len(state) > 512:
            return None
        if not hmac.compare_digest(pending.state.encode(), state.encode()):
            return None
        if self._clock() - pending.started_at > within:
            return None
        return pending

    def end(self, session: Session) -> None:
        self._sessions.pop(session.session_id, None)

    def __len__(self) -> int:
        return len(self._sessions)
