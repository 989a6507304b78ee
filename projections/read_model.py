"""The shared read model in Postgres.

Tables (keyed by pseudonymous subject keys and agency case references; no name,
address, date of birth, narrative or place is ever stored):
- shared_fact: the minimised facts, one row per (agency_id, source_sequence), so a
  redelivered event is stored once. Every other table is derived from it.
- case_subject: (agency_id, case_reference) -> subject_key, so a representative is
  served by their own case reference, never by a match key.
- contribution: one row per subject and case: what that agency knows.
- recipient_view: one row per subject, recipient and case that the recipient may
  see besides its own agency's cases, with the basis (consent, or which override).
- marac_agenda, marac_reason: the subjects eligible for MARAC and the reasons, each
  naming the cases (so the agencies) that make it hold.
- subject_refresh: when each subject's view must be recomputed. Its `due` is the
  view's "valid until"; `mark` and `claimed_until` are the workers' bookkeeping.

All but subject_refresh.mark and .claimed_until is a function of the facts and of
the interval of time in which the views do not change, so replaying the topics
from offset 0 rebuilds the same rows.

Writing is in two steps. `record` stores a batch of facts and marks their subjects
due, in one transaction, before the batch is acknowledged. `refresh` recomputes due
subjects: those with new facts, and those whose view expired (an override ran out,
an incident left the window). Workers claim the subjects they recompute with a
lease, so no two recompute one subject at once; a subject that gets new facts
while it is recomputed stays due (its mark moved on).
"""

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from psycopg_pool import ConnectionPool

from projections import facts as f
from projections.eligibility import RULES_IN_ORDER, Reason
from projections.risk_view import (
    BY_OVERRIDE,
    PANEL,
    Contribution,
    Grant,
    OpenAction,
    Share,
    SubjectView,
    seen_by,
    subject_view,
)
from projections.rules import Rules

SCHEMA = """
CREATE TABLE IF NOT EXISTS shared_fact (
    agency_id text NOT NULL,
    source_sequence bigint NOT NULL,
    agency smallint NOT NULL,
    subject_key text COLLATE "C" NOT NULL,
    case_reference text NOT NULL,
    kind text NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- The payload, minimised; fact_row() says which columns each kind fills.
    level smallint,
    tool text,
    strands smallint[],
    classification smallint,
    scopes smallint[],
    refused smallint[],
    ref text,
    code smallint,
    open boolean,
    until timestamptz,
    PRIMARY KEY (agency_id, source_sequence)
);
CREATE INDEX IF NOT EXISTS shared_fact_by_subject ON shared_fact (subject_key);
CREATE TABLE IF NOT EXISTS case_subject (
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    subject_key text COLLATE "C" NOT NULL,
    source_sequence bigint NOT NULL,
    PRIMARY KEY (agency_id, case_reference)
);
CREATE TABLE IF NOT EXISTS contribution (
    subject_key text COLLATE "C" NOT NULL,
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    agency smallint NOT NULL,
    risk_level smallint NOT NULL,
    risk_tool text NOT NULL,
    incident_dates date[] NOT NULL,
    strands smallint[] NOT NULL,
    hate_crimes integer NOT NULL,
    hate_incidents integer NOT NULL,
    open_support smallint[] NOT NULL,
    open_enforcement smallint[] NOT NULL,
    open_action_types smallint[] NOT NULL,
    open_action_due_dates date[] NOT NULL,
    closed boolean NOT NULL,
    PRIMARY KEY (subject_key, agency_id, case_reference)
);
CREATE TABLE IF NOT EXISTS recipient_view (
    subject_key text COLLATE "C" NOT NULL,
    recipient smallint NOT NULL,
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    basis text NOT NULL,
    override_id text NOT NULL,
    lawful_basis smallint NOT NULL,
    override_expires_at timestamptz,
    PRIMARY KEY (subject_key, recipient, agency_id, case_reference)
);
CREATE TABLE IF NOT EXISTS marac_agenda (
    subject_key text COLLATE "C" PRIMARY KEY,
    highest_risk_level smallint NOT NULL,
    incident_count integer NOT NULL
);
CREATE INDEX IF NOT EXISTS marac_agenda_in_order
    ON marac_agenda ((-highest_risk_level), (-incident_count), subject_key);
CREATE TABLE IF NOT EXISTS marac_reason (
    subject_key text COLLATE "C" NOT NULL,
    rule text NOT NULL,
    agencies smallint[] NOT NULL,
    agency_ids text[] NOT NULL,
    case_references text[] NOT NULL,
    PRIMARY KEY (subject_key, rule)
);
CREATE TABLE IF NOT EXISTS subject_refresh (
    subject_key text COLLATE "C" PRIMARY KEY,
    due timestamptz NOT NULL,
    mark bigint NOT NULL,
    claimed_until timestamptz
);
CREATE INDEX IF NOT EXISTS subject_refresh_by_due ON subject_refresh (due);
"""
SCHEMA_LOCK = 0x6D61726163  # serialises schema creation by concurrent workers
VIEW_TABLES = ("contribution", "recipient_view", "marac_agenda", "marac_reason")

FACT_COLUMNS = (
    "agency_id, source_sequence, agency, subject_key, case_reference, kind, occurred_at,"
    " level, tool, strands, classification, scopes, refused, ref, code, open, until"
)
FACT_TYPES = [
    *("text", "int8", "int2", "text", "text", "text", "timestamptz"),
    *("int2", "text", "int2[]", "int2", "int2[]", "int2[]", "text", "int2", "bool", "timestamptz"),
]
STAGE_FACTS = """
CREATE TEMP TABLE IF NOT EXISTS incoming_fact
    (LIKE shared_fact INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
"""
COPY_FACTS = f"COPY incoming_fact ({FACT_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# New facts are stored, their cases looked up, and their subjects marked due, in one
# statement; facts already held (redeliveries) do nothing.
STORE_FACTS = f"""
WITH new AS (
    INSERT INTO shared_fact ({FACT_COLUMNS})
    SELECT {FACT_COLUMNS} FROM incoming_fact
    ON CONFLICT (agency_id, source_sequence) DO NOTHING
    RETURNING agency_id, source_sequence, subject_key, case_reference, kind
), cases AS (
    INSERT INTO case_subject (agency_id, case_reference, subject_key, source_sequence)
    SELECT DISTINCT ON (agency_id, case_reference)
        agency_id, case_reference, subject_key, source_sequence
    FROM new WHERE kind <> '{f.MARAC_DISCUSSED}'
    ORDER BY agency_id, case_reference, source_sequence DESC
    ON CONFLICT (agency_id, case_reference) DO UPDATE
        SET subject_key = EXCLUDED.subject_key, source_sequence = EXCLUDED.source_sequence
        WHERE EXCLUDED.source_sequence > case_subject.source_sequence
), marked AS (
    INSERT INTO subject_refresh (subject_key, due, mark)
    SELECT DISTINCT subject_key, '-infinity'::timestamptz, 1 FROM new ORDER BY 1
    ON CONFLICT (subject_key) DO UPDATE
        SET due = '-infinity', mark = subject_refresh.mark + 1
    RETURNING 1
)
SELECT (SELECT count(*) FROM new), (SELECT count(*) FROM marked)
"""
CLAIM_DUE = """
UPDATE subject_refresh SET claimed_until = now() + make_interval(secs => %(lease)s)
WHERE subject_key IN (
    SELECT subject_key FROM subject_refresh
    WHERE due <= %(now)s AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY due
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING subject_key, mark
"""
SELECT_FACTS = f"SELECT {FACT_COLUMNS} FROM shared_fact WHERE subject_key = ANY(%s)"
DELETE_VIEW = "DELETE FROM {table} WHERE subject_key = ANY(%s)"
CONTRIBUTION_COLUMNS = (
    "subject_key, agency_id, case_reference, agency, risk_level, risk_tool, incident_dates,"
    " strands, hate_crimes, hate_incidents, open_support, open_enforcement,"
    " open_action_types, open_action_due_dates, closed"
)
CONTRIBUTION_TYPES = [
    *("text", "text", "text", "int2", "int2", "text", "date[]", "int2[]", "int4", "int4"),
    *("int2[]", "int2[]", "int2[]", "date[]", "bool"),
]
GRANT_COLUMNS = "basis, override_id, lawful_basis, override_expires_at"
RECIPIENT_VIEW_COLUMNS = f"subject_key, recipient, agency_id, case_reference, {GRANT_COLUMNS}"
RECIPIENT_VIEW_TYPES = ["text", "int2", "text", "text", "text", "text", "int2", "timestamptz"]
AGENDA_COLUMNS = "subject_key, highest_risk_level, incident_count"
AGENDA_TYPES = ["text", "int2", "int4"]
REASON_COLUMNS = "subject_key, rule, agencies, agency_ids, case_references"
REASON_TYPES = ["text", "text", "int2[]", "text[]", "text[]"]
# A subject whose facts changed while it was recomputed keeps due = -infinity.
SETTLE = """
UPDATE subject_refresh AS r
SET due = CASE WHEN r.mark = s.mark THEN s.valid_until ELSE r.due END, claimed_until = NULL
FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[]) AS s(subject_key, mark, valid_until)
WHERE r.subject_key = s.subject_key
"""


def _qualified(table: str, columns: str) -> str:
    return ", ".join(f"{table}.{column.strip()}" for column in columns.split(","))


SELECT_CASE_SUBJECT = (
    "SELECT subject_key FROM case_subject WHERE agency_id = %s AND case_reference = %s"
)
# A representative's view: their agency's own contributions, then what others shared.
SELECT_OWN_AND_SHARED = f"""
SELECT {CONTRIBUTION_COLUMNS}, NULL, NULL, NULL, NULL
FROM contribution WHERE subject_key = %(key)s AND agency_id = %(agency_id)s
UNION ALL
SELECT {_qualified("c", CONTRIBUTION_COLUMNS)}, {_qualified("v", GRANT_COLUMNS)}
FROM recipient_view v JOIN contribution c USING (subject_key, agency_id, case_reference)
WHERE v.subject_key = %(key)s AND v.recipient = %(recipient)s
    AND v.agency_id <> %(agency_id)s
    AND (v.override_expires_at IS NULL OR v.override_expires_at > %(now)s)
ORDER BY agency_id, case_reference
"""
SELECT_SHARED = f"""
SELECT {_qualified("c", CONTRIBUTION_COLUMNS)}, {_qualified("v", GRANT_COLUMNS)}
FROM recipient_view v JOIN contribution c USING (subject_key, agency_id, case_reference)
WHERE v.subject_key = %(key)s AND v.recipient = %(recipient)s
    AND (v.override_expires_at IS NULL OR v.override_expires_at > %(now)s)
ORDER BY agency_id, case_reference
"""
SELECT_AGENDA = f"""
SELECT {AGENDA_COLUMNS} FROM marac_agenda
{{after}}
ORDER BY -highest_risk_level, -incident_count, subject_key
LIMIT %(limit)s
"""
AFTER = """WHERE (-highest_risk_level, -incident_count, subject_key)
    > (-%(level)s::integer, -%(count)s::integer, %(key)s::text)"""
SELECT_AGENDA_ITEM = f"SELECT {AGENDA_COLUMNS} FROM marac_agenda WHERE subject_key = %s"
SELECT_REASONS = f"SELECT {REASON_COLUMNS} FROM marac_reason WHERE subject_key = ANY(%s)"
SELECT_PANEL_GRANTS = f"""
SELECT subject_key, agency_id, case_reference, {GRANT_COLUMNS} FROM recipient_view
WHERE subject_key = ANY(%(keys)s) AND recipient = %(panel)s
    AND (override_expires_at IS NULL OR override_expires_at > %(now)s)
"""

# A view that nothing but new facts will change stays valid "for ever".
NEVER = datetime.max.replace(tzinfo=UTC)

AgendaPosition = tuple[int, int, str]  # (highest_risk_level, incident_count, subject_key)


@dataclass(frozen=True)
class Written:
    facts: int  # facts offered
    new: int  # facts not seen before
    subjects: int  # subjects marked due


@dataclass(frozen=True)
class Refreshed:
    subjects: int  # views recomputed
    eligible: int  # of which on the MARAC agenda


@dataclass(frozen=True)
class AgendaEntry:
    subject_key: str
    highest_risk_level: int  # of what the panel may see
    incident_count: int  # in the window, of what the panel may see
    reasons: tuple[Reason, ...]

    @property
    def position(self) -> AgendaPosition:
        return (self.highest_risk_level, self.incident_count, self.subject_key)


Seen = tuple[Contribution, Grant | None]  # a contribution and why the viewer may see it


class ReadModel:
    def __init__(
        self,
        conninfo: str,
        max_connections: int = 4,
        wait_seconds: float = 30,
        check_connections: bool = True,
    ):
        """`check_connections` False spares a round trip per use, for a caller that
        retries its work on psycopg.OperationalError (a broken connection is dropped
        when it goes back to the pool)."""
        self._staged: weakref.WeakSet = weakref.WeakSet()  # connections with incoming_fact
        self._pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_connections,
            timeout=wait_seconds,  # for a connection, then psycopg_pool.PoolTimeout
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection if check_connections else None,
            open=False,
            name="read-model",
        )

    def open(self) -> None:
        self._pool.open(wait=False)

    def close(self) -> None:
        self._pool.close()

    def create_schema(self) -> None:
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
            conn.execute(SCHEMA)

    # Writing (the projection)

    def record(self, facts: Sequence[f.Fact]) -> Written:
        """Stores a batch of facts and marks their subjects due, in one transaction."""
        if not facts:
            return Written(facts=0, new=0, subjects=0)
        with self._pool.connection() as conn:
            with conn.transaction(), conn.cursor() as cur:
                # The staging table lives as long as the connection: created once.
                if conn not in self._staged:
                    cur.execute(STAGE_FACTS)
                with cur.copy(COPY_FACTS) as copy:
                    copy.set_types(FACT_TYPES)
                    for fact in facts:
                        copy.write_row(fact_row(fact))
                new, subjects = cur.execute(STORE_FACTS).fetchone()
            self._staged.add(conn)
        return Written(facts=len(facts), new=new, subjects=subjects)

    def refresh(
        self, now: datetime, rules: Rules, limit: int, lease_seconds: float = 30
    ) -> Refreshed:
        """Recomputes up to `limit` due subjects as of `now`."""
        with self._pool.connection() as conn:
            claimed = conn.execute(
                CLAIM_DUE, {"now": now, "limit": limit, "lease": lease_seconds}
            ).fetchall()
            if not claimed:
                return Refreshed(subjects=0, eligible=0)
            keys = [key for key, _ in claimed]
            by_subject: dict[str, list[f.Fact]] = {key: [] for key in keys}
            for row in conn.execute(SELECT_FACTS, [keys]).fetchall():
                fact = fact_from_row(row)
                by_subject[fact.subject_key].append(fact)
            views = [subject_view(key, by_subject[key], now, rules) for key in keys]
            with conn.transaction(), conn.cursor() as cur:
                for table in VIEW_TABLES:
                    cur.execute(DELETE_VIEW.format(table=table), [keys])
                _copy(
                    cur,
                    "contribution",
                    CONTRIBUTION_COLUMNS,
                    CONTRIBUTION_TYPES,
                    (contribution_row(v.subject_key, c) for v in views for c in v.contributions),
                )
                _copy(
                    cur,
                    "recipient_view",
                    RECIPIENT_VIEW_COLUMNS,
                    RECIPIENT_VIEW_TYPES,
                    (share_row(v.subject_key, s) for v in views for s in v.shares),
                )
                eligible = [v for v in views if v.eligibility.eligible]
                _copy(
                    cur,
                    "marac_agenda",
                    AGENDA_COLUMNS,
                    AGENDA_TYPES,
                    (agenda_row(v) for v in eligible),
                )
                _copy(
                    cur,
                    "marac_reason",
                    REASON_COLUMNS,
                    REASON_TYPES,
                    (reason_row(v.subject_key, r) for v in eligible for r in v.eligibility.reasons),
                )
                cur.execute(
                    SETTLE,
                    [
                        keys,
                        [mark for _, mark in claimed],
                        [v.valid_until or NEVER for v in views],
                    ],
                )
        return Refreshed(subjects=len(views), eligible=len(eligible))

    # Reading (RiskView)

    def subject_of_case(self, agency_id: str, case_reference: str) -> str | None:
        with self._pool.connection() as conn:
            row = conn.execute(SELECT_CASE_SUBJECT, [agency_id, case_reference]).fetchone()
        return row[0] if row else None

    def seen_by_agency(
        self, subject_key: str, recipient: int, agency_id: str, now: datetime
    ) -> list[Seen]:
        """The agency's own contributions (grant None) and those shared with its kind."""
        params = {"key": subject_key, "recipient": recipient, "agency_id": agency_id, "now": now}
        with self._pool.connection() as conn:
            return [_seen(row) for row in conn.execute(SELECT_OWN_AND_SHARED, params)]

    def seen_by_panel(self, subject_key: str, now: datetime) -> list[Seen]:
        params = {"key": subject_key, "recipient": PANEL, "now": now}
        with self._pool.connection() as conn:
            return [_seen(row) for row in conn.execute(SELECT_SHARED, params)]

    def agenda(self, after: AgendaPosition | None, limit: int) -> list[AgendaEntry]:
        """Eligible subjects, highest visible risk first, then most incidents."""
        params: dict[str, object] = {"limit": limit}
        if after is not None:
            params.update(level=after[0], count=after[1], key=after[2])
        query = SELECT_AGENDA.format(after=AFTER if after is not None else "")
        with self._pool.connection() as conn:
            rows = conn.execute(query, params).fetchall()
            return self._with_reasons(conn, rows)

    def agenda_entry(self, subject_key: str) -> AgendaEntry | None:
        with self._pool.connection() as conn:
            rows = conn.execute(SELECT_AGENDA_ITEM, [subject_key]).fetchall()
            found = self._with_reasons(conn, rows)
        return found[0] if found else None

    def panel_grants(
        self, subject_keys: Sequence[str], now: datetime
    ) -> dict[tuple[str, str, str], Grant]:
        """(subject_key, agency_id, case_reference) -> why the panel may see that case."""
        params = {"keys": list(subject_keys), "panel": PANEL, "now": now}
        with self._pool.connection() as conn:
            return {
                (key, agency_id, reference): _grant(grant)
                for key, agency_id, reference, *grant in conn.execute(SELECT_PANEL_GRANTS, params)
            }

    @staticmethod
    def _with_reasons(conn, rows: list[tuple]) -> list[AgendaEntry]:
        reasons: dict[str, list[Reason]] = {row[0]: [] for row in rows}
        if rows:
            for key, rule, kinds, agency_ids, references in conn.execute(
                SELECT_REASONS, [list(reasons)]
            ):
                reasons[key].append(
                    Reason(rule, tuple(zip(kinds, agency_ids, references, strict=True)))
                )
        return [
            AgendaEntry(key, level, count, tuple(sorted(reasons[key], key=_rule_order)))
            for key, level, count in rows
        ]


def fact_row(fact: f.Fact) -> tuple:
    """The shared_fact row of a fact: the envelope, then the columns its kind fills."""
    payload = fact.payload
    level = tool = strands = classification = scopes = refused = None
    ref = code = is_open = until = None
    match payload:
        case f.Incident():
            strands, classification = list(payload.strands), payload.classification
        case f.RiskAssessment():
            level, tool = payload.level, payload.tool
        case f.Consent():
            scopes, refused = _scope_pairs(payload.scopes), sorted(payload.refused)
        case f.Override():
            ref, code, until = payload.override_id, payload.basis, payload.expires_at
            scopes = _scope_pairs(payload.scopes)
        case f.OverrideRevocation():
            ref = payload.override_id
        case f.SupportChange():
            code, is_open = payload.area, payload.open
        case f.EnforcementChange():
            ref, code, is_open = payload.enforcement_id, payload.type, payload.open
        case f.ActionChange():
            ref, code, is_open, until = (
                payload.action_id,
                payload.type,
                payload.open,
                payload.due_at,
            )
        case f.MaracReferral():
            code = payload.ground
    return (
        fact.agency_id,
        fact.source_sequence,
        fact.agency,
        fact.subject_key,
        fact.case_reference,
        fact.kind,
        fact.occurred_at,
        level,
        tool,
        strands,
        classification,
        scopes,
        refused,
        ref,
        code,
        is_open,
        until,
    )


def fact_from_row(row: tuple) -> f.Fact:
    (agency_id, sequence, agency, key, reference, kind, occurred_at) = row[:7]
    level, tool, strands, classification, scopes, refused, ref, code, is_open, until = row[7:]
    payload: f.Payload = None
    if kind == f.INCIDENT:
        payload = f.Incident(tuple(strands), classification)
    elif kind == f.RISK_ASSESSED:
        payload = f.RiskAssessment(level, tool)
    elif kind == f.CONSENT:
        payload = f.Consent(_scopes(scopes), frozenset(refused))
    elif kind == f.OVERRIDE:
        payload = f.Override(ref, code, _scopes(scopes), until)
    elif kind == f.OVERRIDE_REVOKED:
        payload = f.OverrideRevocation(ref)
    elif kind == f.SUPPORT:
        payload = f.SupportChange(code, is_open)
    elif kind == f.ENFORCEMENT:
        payload = f.EnforcementChange(ref, code, is_open)
    elif kind == f.ACTION:
        payload = f.ActionChange(ref, code, is_open, until)
    elif kind == f.MARAC_REFERRAL:
        payload = f.MaracReferral(code)
    return f.Fact(agency_id, sequence, agency, key, reference, kind, occurred_at, payload)


def contribution_row(subject_key: str, c: Contribution) -> tuple:
    return (
        subject_key,
        c.agency_id,
        c.case_reference,
        c.agency,
        c.risk_level,
        c.risk_tool,
        list(c.incident_dates),
        list(c.strands),
        c.hate_crimes,
        c.hate_incidents,
        list(c.open_support),
        list(c.open_enforcement),
        [a.type for a in c.open_actions],
        [a.due_date for a in c.open_actions],
        c.closed,
    )


def share_row(subject_key: str, share: Share) -> tuple:
    grant = share.grant
    return (
        subject_key,
        share.recipient,
        share.agency_id,
        share.case_reference,
        grant.basis,
        grant.override_id,
        grant.lawful_basis,
        grant.expires_at,
    )


def agenda_row(view: SubjectView) -> tuple:
    panel = [contribution for contribution, _ in seen_by(view, PANEL)]
    return (
        view.subject_key,
        max((c.risk_level for c in panel), default=0),
        sum(c.incident_count for c in panel),
    )


def reason_row(subject_key: str, reason: Reason) -> tuple:
    return (
        subject_key,
        reason.rule,
        [kind for kind, _, _ in reason.cases],
        [agency_id for _, agency_id, _ in reason.cases],
        [reference for _, _, reference in reason.cases],
    )


def _seen(row: tuple) -> Seen:
    (_, agency_id, reference, agency, level, tool, dates, strands, crimes, incidents) = row[:10]
    support, enforcement, action_types, action_dates, closed = row[10:15]
    contribution = Contribution(
        agency=agency,
        agency_id=agency_id,
        case_reference=reference,
        risk_level=level,
        risk_tool=tool,
        incident_dates=tuple(dates),
        strands=tuple(strands),
        hate_crimes=crimes,
        hate_incidents=incidents,
        open_support=tuple(support),
        open_enforcement=tuple(enforcement),
        open_actions=tuple(
            OpenAction(t, d) for t, d in zip(action_types, action_dates, strict=True)
        ),
        closed=closed,
    )
    return contribution, (_grant(row[15:]) if row[15] is not None else None)


def _grant(columns: Sequence) -> Grant:
    basis, override_id, lawful_basis, expires_at = columns
    if basis == BY_OVERRIDE:
        return Grant(basis, override_id, lawful_basis, expires_at)
    return Grant(basis)


def _copy(cur, table: str, columns: str, types: list[str], rows: Iterable[tuple]) -> None:
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _scope_pairs(scopes: frozenset[f.Scope]) -> list[int]:
    """Scopes stored flat: recipient, purpose, recipient, purpose, ..."""
    return [value for scope in sorted(scopes) for value in scope]


def _scopes(pairs: list[int]) -> frozenset[f.Scope]:
    return frozenset(zip(pairs[::2], pairs[1::2], strict=True))


def _rule_order(reason: Reason) -> int:
    return RULES_IN_ORDER.index(reason.rule)
