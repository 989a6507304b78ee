"""Writing the shared view (the risk projection's part).

Writing is in two steps. `record` stores a batch of facts and marks their subjects
due, in one transaction, before the batch is acknowledged. `refresh` recomputes due
subjects: those with new facts, and those whose view expired (an override ran out,
an incident left the window). Workers claim the subjects they recompute with a
lease, so no two recompute one subject at once; a subject that gets new facts
while it is recomputed stays due (its mark moved on). A claim names its holder (the
worker) and its refresh, and a refresh writes only the views it still holds when it
writes them: one whose lease ran out, or whose claim a restarted worker gave back,
cannot overwrite the view a later refresh made.

Several workers may share one shared view, each storing the facts of its own
partitions: a subject's facts from different agencies' topics may reach different
workers, in any order. A view is a pure function of the SET of its subject's facts
and the time (shared_view/view.py), and its subject is marked due in the same
transaction that stores each fact, so whichever worker recomputes it, after the last
of its facts committed, computes the same view.

Every table but subject_refresh's `mark` and `claimed_until` is a function of the
facts and of the interval of time in which the views do not change, so replaying
the topics from offset 0 rebuilds the same rows. The schema must be in place
(`python -m shared_view migrate`).
"""

import contextlib
import uuid
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from shared_view import rows
from shared_view.agreements import AgreementChange
from shared_view.connections import connection_pool
from shared_view.facts import Fact
from shared_view.kinds import CASE_CLOSED, SUBJECT_KINDS
from shared_view.rules import Rules
from shared_view.view import SubjectView, agenda_entry, subject_view

VIEW_TABLES = ("contribution", "recipient_view", "marac_agenda", "marac_reason")
# A temporary table of this connection, not part of the schema: COPY cannot skip
# facts already held, so a batch is copied here and inserted from here.
STAGE_FACTS = """
CREATE TEMP TABLE IF NOT EXISTS incoming_fact
    (LIKE shared_fact INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
"""
COPY_FACTS = f"COPY incoming_fact ({rows.FACT_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# New facts are stored, their cases looked up, and their subjects marked due, in one
# statement; facts already held (redeliveries) do nothing. Facts about a subject
# alone (a discussion) name no case.
STORE_FACTS = f"""
WITH new AS (
    INSERT INTO shared_fact ({rows.FACT_COLUMNS})
    SELECT {rows.FACT_COLUMNS} FROM incoming_fact
    ON CONFLICT (agency_id, source_sequence) DO NOTHING
    RETURNING agency_id, source_sequence, subject_key, case_reference, kind
), cases AS (
    INSERT INTO case_subject (agency_id, case_reference, subject_key, source_sequence)
    SELECT DISTINCT ON (agency_id, case_reference)
        agency_id, case_reference, subject_key, source_sequence
    FROM new WHERE kind <> ALL(%(subject_kinds)s)
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
UPDATE subject_refresh
SET claimed_until = now() + make_interval(secs => %(lease)s), claim = %(claim)s
WHERE subject_key IN (
    SELECT subject_key FROM subject_refresh
    WHERE due <= %(now)s AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY due
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING subject_key, mark
"""
SELECT_FACTS = f"SELECT {rows.FACT_COLUMNS} FROM shared_fact WHERE subject_key = ANY(%s)"
SELECT_AGREEMENTS = f"SELECT {rows.AGREEMENT_COLUMNS} FROM sharing_agreement"
# The latest change of each agreement is kept (by its register's sequence), and the
# subjects with a case at one of its parties are marked due: their views change
# when it starts or ends. (RiskView checks each share against the agreements in
# force as it reads, so an ending withdraws before these views are recomputed.)
STORE_AGREEMENT = f"""
WITH kept AS (
    INSERT INTO sharing_agreement ({rows.AGREEMENT_COLUMNS})
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (agreement_id) DO UPDATE SET
        sequence = EXCLUDED.sequence, holders = EXCLUDED.holders,
        recipients = EXCLUDED.recipients, purposes = EXCLUDED.purposes,
        categories = EXCLUDED.categories, lawful_bases = EXCLUDED.lawful_bases,
        starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at
        WHERE EXCLUDED.sequence > sharing_agreement.sequence
    RETURNING holders
), due AS (  -- locked in key order, as every writer locks them
    SELECT r.subject_key FROM subject_refresh r
    WHERE r.subject_key IN (
        SELECT s.subject_key FROM case_subject s, kept WHERE s.agency_id = ANY(kept.holders)
    )
    ORDER BY r.subject_key FOR UPDATE
)
UPDATE subject_refresh SET due = '-infinity', mark = mark + 1
WHERE subject_key IN (SELECT subject_key FROM due)
"""
DELETE_VIEW = "DELETE FROM {table} WHERE subject_key = ANY(%s)"
# The facts of cases past retention, read by this refresh (a fact stored since is
# left for the next, which its mark makes due); each case keeps its latest closure,
# which carries nothing but the case's name and date, so that a late redelivery of
# an earlier fact folds into a closed case and stays out of the view.
PURGE_FACTS = """
DELETE FROM shared_fact AS f
USING unnest(%s::text[], %s::bigint[]) AS p(agency_id, source_sequence)
WHERE f.agency_id = p.agency_id AND f.source_sequence = p.source_sequence
"""
# Rows of subject_refresh are locked in key order by every writer (STORE_FACTS
# marks them in that order too), so two transactions never wait on each other in
# a circle. Those claimed by another refresh since are left alone (and not locked).
LOCK_CLAIMED = """
SELECT subject_key FROM subject_refresh WHERE subject_key = ANY(%s) AND claim = %s
ORDER BY subject_key FOR UPDATE
"""
# A claim given back when its refresh failed, so the next round takes it at once
# instead of when its lease runs out.
RELEASE_CLAIMED = """
UPDATE subject_refresh SET claimed_until = NULL, claim = NULL
WHERE subject_key = ANY(%s) AND claim = %s
"""
# The claims of a holder, given back by the worker that starts in its place: one
# killed while it refreshed left its claims to run out their leases.
RELEASE_HOLDERS_CLAIMS = """
UPDATE subject_refresh SET claimed_until = NULL, claim = NULL
WHERE claimed_until IS NOT NULL AND starts_with(claim, %s)
"""
# Whether this worker is far behind, until when; and whether any worker is.
REPORT_BACKLOG = """
WITH reported AS (
    INSERT INTO projection_worker (holder, behind_until)
    VALUES (%(holder)s, CASE WHEN %(behind)s THEN now() + make_interval(secs => %(lease)s) END)
    ON CONFLICT (holder) DO UPDATE SET behind_until = EXCLUDED.behind_until
)
SELECT %(behind)s OR EXISTS (
    SELECT 1 FROM projection_worker WHERE holder <> %(holder)s AND behind_until > now()
)
"""
# A subject whose facts changed while it was recomputed keeps due = -infinity.
SETTLE = """
UPDATE subject_refresh AS r
SET due = CASE WHEN r.mark = s.mark THEN s.valid_until ELSE r.due END,
    claimed_until = NULL, claim = NULL
FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[]) AS s(subject_key, mark, valid_until)
WHERE r.subject_key = s.subject_key
"""

# A view that nothing but new facts will change stays valid "for ever".
NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Written:
    facts: int  # facts offered
    new: int  # facts not seen before
    subjects: int  # subjects marked due


@dataclass(frozen=True)
class Claim:
    token: str  # the holder's name and this refresh's own
    subjects: list[tuple[str, int]]  # (subject key, mark when claimed), in key order


@dataclass(frozen=True)
class Refreshed:
    subjects: int  # views recomputed
    eligible: int  # of which on the MARAC agenda


class SharedViewWriter:
    def __init__(
        self,
        conninfo: str,
        max_connections: int = 4,
        wait_seconds: float = 30,
        check_connections: bool = True,
        holder: str = "",
    ):
        """`check_connections` False spares a round trip per use, for a caller that
        retries its work on psycopg.OperationalError. `holder` names the worker in
        the claims it makes (one name per worker, kept across its restarts)."""
        self._holder = holder
        self._staged: weakref.WeakSet = weakref.WeakSet()  # connections with incoming_fact
        self._pool = connection_pool(
            conninfo, "shared-view-writer", max_connections, wait_seconds, check_connections
        )

    def open(self) -> None:
        self._pool.open(wait=False)

    def close(self) -> None:
        self._pool.close()

    def record(self, facts: Sequence[Fact]) -> Written:
        """Stores a batch of facts and marks their subjects due, in one transaction."""
        if not facts:
            return Written(facts=0, new=0, subjects=0)
        with self._pool.connection() as conn:
            with conn.transaction(), conn.cursor() as cur:
                # The staging table lives as long as the connection: created once.
                if conn not in self._staged:
                    cur.execute(STAGE_FACTS)
                with cur.copy(COPY_FACTS) as copy:
                    copy.set_types(rows.FACT_TYPES)
                    for fact in facts:
                        copy.write_row(rows.fact_row(fact))
                new, subjects = cur.execute(
                    STORE_FACTS, {"subject_kinds": SUBJECT_KINDS}
                ).fetchone()
            self._staged.add(conn)
        return Written(facts=len(facts), new=new, subjects=subjects)

    def record_agreements(self, changes: Sequence[AgreementChange]) -> int:
        """Keeps the latest change of each agreement and marks due the subjects of
        its parties' cases, in one transaction; how many subjects were marked."""
        marked = 0
        if not changes:
            return marked
        with self._pool.connection() as conn, conn.transaction():
            for change in sorted(changes, key=lambda c: c.sequence):
                marked += conn.execute(STORE_AGREEMENT, rows.agreement_row(change)).rowcount
        return marked

    def release_claims(self) -> int:
        """Gives back the claims this holder's refreshes held (a worker of the same
        name killed while it refreshed), so that the worker that starts in its place
        recomputes their subjects at once; how many."""
        with self._pool.connection() as conn:
            return conn.execute(RELEASE_HOLDERS_CLAIMS, [f"{self._holder}/"]).rowcount

    def report_backlog(self, behind: bool, lease_seconds: float) -> bool:
        """Says whether this worker is far behind its partitions, for `lease_seconds`;
        returns whether any worker of the shared view is."""
        with self._pool.connection() as conn:
            params = {"holder": self._holder, "behind": behind, "lease": lease_seconds}
            return conn.execute(REPORT_BACKLOG, params).fetchone()[0]

    def refresh(
        self, now: datetime, rules: Rules, limit: int, lease_seconds: float = 30
    ) -> Refreshed:
        """Recomputes up to `limit` due subjects as of `now`."""
        claim = self.claim_due(now, limit, lease_seconds)
        if not claim.subjects:
            return Refreshed(subjects=0, eligible=0)
        return self.recompute(claim, now, rules)

    def claim_due(self, now: datetime, limit: int, lease_seconds: float = 30) -> Claim:
        """Claims up to `limit` subjects due at `now`, for `lease_seconds`."""
        token = f"{self._holder}/{uuid.uuid4().hex}"
        with self._pool.connection() as conn:
            claimed = conn.execute(
                CLAIM_DUE, {"now": now, "limit": limit, "lease": lease_seconds, "claim": token}
            ).fetchall()
        return Claim(token, sorted(claimed))

    def recompute(self, claim: Claim, now: datetime, rules: Rules) -> Refreshed:
        """Recomputes the claimed subjects' views and writes those still claimed."""
        with self._pool.connection() as conn:
            try:
                return self._recompute(conn, claim, now, rules)
            except Exception:
                with contextlib.suppress(psycopg.Error):
                    conn.execute(RELEASE_CLAIMED, [[key for key, _ in claim.subjects], claim.token])
                raise

    def _recompute(
        self, conn: psycopg.Connection, claim: Claim, now: datetime, rules: Rules
    ) -> Refreshed:
        keys = [key for key, _ in claim.subjects]
        by_subject: dict[str, list[Fact]] = {key: [] for key in keys}
        for row in conn.execute(SELECT_FACTS, [keys]).fetchall():
            fact = rows.fact_from_row(row)
            by_subject[fact.subject_key].append(fact)
        agreements = [rows.agreement_from_row(r) for r in conn.execute(SELECT_AGREEMENTS)]
        views = [subject_view(key, by_subject[key], now, rules, agreements) for key in keys]
        with conn.transaction(), conn.cursor() as cur:
            held = {key for (key,) in cur.execute(LOCK_CLAIMED, [keys, claim.token])}
            if len(held) < len(keys):
                views = [view for view in views if view.subject_key in held]
                keys = [view.subject_key for view in views]
            entries = [entry for view in views if (entry := agenda_entry(view))]
            for table in VIEW_TABLES:
                cur.execute(DELETE_VIEW.format(table=table), [keys])
            purged = [f.identity for v in views for f in purged_facts(v, by_subject[v.subject_key])]
            if purged:
                cur.execute(PURGE_FACTS, [[a for a, _ in purged], [s for _, s in purged]])
            _copy(
                cur,
                "contribution",
                rows.CONTRIBUTION_COLUMNS,
                rows.CONTRIBUTION_TYPES,
                (rows.contribution_row(v.subject_key, c) for v in views for c in v.contributions),
            )
            _copy(
                cur,
                "recipient_view",
                rows.RECIPIENT_VIEW_COLUMNS,
                rows.RECIPIENT_VIEW_TYPES,
                (rows.share_row(v.subject_key, s) for v in views for s in v.shares),
            )
            _copy(
                cur,
                "marac_agenda",
                rows.AGENDA_COLUMNS,
                rows.AGENDA_TYPES,
                (rows.agenda_row(e) for e in entries),
            )
            _copy(
                cur,
                "marac_reason",
                rows.REASON_COLUMNS,
                rows.REASON_TYPES,
                (rows.reason_row(e.subject_key, r) for e in entries for r in e.reasons),
            )
            marks = dict(claim.subjects)
            cur.execute(
                SETTLE,
                [keys, [marks[key] for key in keys], [v.valid_until or NEVER for v in views]],
            )
        return Refreshed(subjects=len(views), eligible=len(entries))


def purged_facts(view: SubjectView, facts: Sequence[Fact]) -> list[Fact]:
    """The facts of the view's cases past retention that may go: all but each one's
    latest closure."""
    retired = set(view.retired)
    kept: dict[tuple[str, str], Fact] = {}
    for fact in sorted(facts, key=lambda f: f.source_sequence):
        if fact.case in retired and fact.kind.name == CASE_CLOSED.name:
            kept[fact.case] = fact
    return [f for f in facts if f.case in retired and kept.get(f.case) is not f]


def _copy(cur, table: str, columns: str, types: list[str], found: Iterable[tuple]) -> None:
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in found:
            copy.write_row(row)
