"""Reading the shared view (RiskView's part): SELECT only, answering with value types.

Each share is checked, as it is read, against the data-sharing agreements in force
at `now` (sharing_agreement, a table of tens of rows): it is shown only while one
covers its holding agency, recipient, purpose and basis, and only the parts such
agreements cover. So an agreement that ends withdraws what it covered from the next
read, while the projection recomputes the views (and the agenda) behind it.

Its sessions are read-only (SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY), so
a role granted only SELECT on the shared view's tables is all RiskView needs, and
even the owner's role could not change a row through it.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

import psycopg

from shared_view import rows
from shared_view.agreements import Agreement
from shared_view.areas import AreaScope
from shared_view.connections import connection_pool
from shared_view.eligibility import Reason
from shared_view.facts import Fact
from shared_view.kinds import CASE_ERASED, RISK_ASSESSED
from shared_view.view import (
    BY_CONSENT,
    PANEL,
    PURPOSE_OF_RECIPIENT,
    AgendaEntry,
    AgendaPosition,
    Contribution,
    Grant,
    Seen,
)

# The facts known by %(at)s (recorded by then; a fact stored without its recording
# time, by its occurrence) of every subject that may have been eligible then: one
# with such a fact in the window before it, or assessed high (eligibility needs one
# or the other); an erasure counts whenever it came.
KNOWN = "coalesce(recorded_at, occurred_at) <= %(at)s"
SELECT_FACTS_AT = f"""
SELECT {rows.FACT_COLUMNS} FROM shared_fact
WHERE ({KNOWN} OR kind = %(erased)s) AND subject_key IN (
    SELECT subject_key FROM shared_fact
    WHERE {KNOWN}
        AND (occurred_at > %(since)s OR (kind = %(assessed)s AND level >= %(high)s))
)
"""
SELECT_AGREEMENTS = f"SELECT {rows.AGREEMENT_COLUMNS} FROM sharing_agreement"


def _qualified(table: str, columns: str) -> str:
    return ", ".join(f"{table}.{column.strip()}" for column in columns.split(","))


SELECT_CASE_SUBJECT = (
    "SELECT subject_key FROM case_subject WHERE agency_id = %s AND case_reference = %s"
)
# The parts of a share (recipient_view v) the agreements in force cover now; NULL
# when none covers it.
COVERED = """
CROSS JOIN LATERAL (
    SELECT array_agg(DISTINCT part) AS parts
    FROM sharing_agreement a CROSS JOIN unnest(a.categories) AS part
    WHERE a.starts_at <= %(now)s AND (a.ends_at IS NULL OR a.ends_at > %(now)s)
        AND v.agency_id = ANY(a.holders) AND v.recipient = ANY(a.recipients)
        AND %(purpose)s = ANY(a.purposes)
        AND (v.basis = %(consent)s OR v.lawful_basis = ANY(a.lawful_bases))
) covered
"""
IN_FORCE = """v.recipient = %(recipient)s
    AND (v.override_expires_at IS NULL OR v.override_expires_at > %(now)s)
    AND covered.parts && v.categories"""
# A representative's view: their agency's own contributions, then what others shared.
SELECT_OWN_AND_SHARED = f"""
SELECT {rows.CONTRIBUTION_COLUMNS}, NULL, NULL, NULL, NULL, NULL::smallint[], NULL::smallint[]
FROM contribution WHERE subject_key = %(key)s AND agency_id = %(agency_id)s
UNION ALL
SELECT {_qualified("c", rows.CONTRIBUTION_COLUMNS)}, {_qualified("v", rows.GRANT_COLUMNS)},
    covered.parts
FROM recipient_view v JOIN contribution c USING (subject_key, agency_id, case_reference)
{COVERED}
WHERE v.subject_key = %(key)s AND {IN_FORCE} AND v.agency_id <> %(agency_id)s
ORDER BY agency_id, case_reference
"""
# A representative's list of their agency's cases: its own contributions only.
SELECT_OWN_CASES = f"""
SELECT {_qualified("c", rows.CONTRIBUTION_COLUMNS)}, NULL, NULL, NULL, NULL, NULL, NULL
FROM case_subject s JOIN contribution c USING (subject_key, agency_id, case_reference)
WHERE s.agency_id = %(agency_id)s AND s.case_reference > %(after)s
ORDER BY s.case_reference LIMIT %(limit)s
"""
SELECT_SHARED = f"""
SELECT {_qualified("c", rows.CONTRIBUTION_COLUMNS)}, {_qualified("v", rows.GRANT_COLUMNS)},
    covered.parts
FROM recipient_view v JOIN contribution c USING (subject_key, agency_id, case_reference)
{COVERED}
WHERE v.subject_key = %(key)s AND {IN_FORCE}
ORDER BY agency_id, case_reference
"""
SELECT_AGENDA = f"""
SELECT {rows.AGENDA_COLUMNS} FROM marac_agenda
WHERE {{after}} AND {{area}}
ORDER BY -highest_risk_level, -incident_count, subject_key
LIMIT %(limit)s
"""
AFTER = """(-highest_risk_level, -incident_count, subject_key)
    > (-%(level)s::integer, -%(count)s::integer, %(key)s::text)"""
# shared_view.areas.in_area: a district of the area's, or none of any area's.
IN_AREA = "(districts && %(area)s::text[] OR NOT districts && %(covered)s::text[])"
SELECT_AGENDA_ITEM = f"SELECT {rows.AGENDA_COLUMNS} FROM marac_agenda WHERE subject_key = %s"
SELECT_REASONS = f"SELECT {rows.REASON_COLUMNS} FROM marac_reason WHERE subject_key = ANY(%s)"
SELECT_PANEL_GRANTS = f"""
SELECT v.subject_key, v.agency_id, v.case_reference, {_qualified("v", rows.GRANT_COLUMNS)},
    covered.parts
FROM recipient_view v
{COVERED}
WHERE v.subject_key = ANY(%(keys)s) AND {IN_FORCE}
"""

T = TypeVar("T")


def _share(recipient: int, now: datetime) -> dict[str, object]:
    """The parameters that check a recipient's shares against the agreements."""
    return {
        "recipient": recipient,
        "purpose": PURPOSE_OF_RECIPIENT.get(recipient, 0),
        "consent": BY_CONSENT,
        "now": now,
    }


def _read_only(conn: psycopg.Connection) -> None:
    conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")


class SharedViewReader:
    def __init__(self, conninfo: str, max_connections: int = 8, wait_seconds: float = 5):
        self._pool = connection_pool(
            conninfo,
            "shared-view-reader",
            max_connections,
            wait_seconds,
            check_connections=False,  # a read is tried again instead (_read)
            configure=_read_only,
        )

    def _read(self, work: Callable[[psycopg.Connection], T]) -> T:
        """`work` on a pooled connection, and once more if that connection was broken:
        after Postgres restarted, the pool's idle connections are all dead, and a read
        is safe to repeat. Checking each connection as it is taken instead would cost a
        round trip a read."""
        with self._pool.connection() as conn:
            try:
                return work(conn)
            except psycopg.OperationalError:
                if not conn.broken:  # a cancelled query, say: not the connection's fault
                    raise
        self._pool.check()  # drops every dead one, not only the one that failed
        with self._pool.connection() as conn:
            return work(conn)

    def open(self) -> None:
        self._pool.open(wait=False)

    def close(self) -> None:
        self._pool.close()

    def reachable(self) -> bool:
        """Whether the shared view answers now (for the health check)."""
        self._read(lambda conn: conn.execute("SELECT 1"))  # a dead idle connection is no failure
        return True

    def subject_of_case(self, agency_id: str, case_reference: str) -> str | None:
        row = self._read(
            lambda conn: conn.execute(SELECT_CASE_SUBJECT, [agency_id, case_reference]).fetchone()
        )
        return row[0] if row else None

    def seen_by_agency(
        self, subject_key: str, recipient: int, agency_id: str, now: datetime
    ) -> list[Seen]:
        """The agency's own contributions (grant None) and those shared with its kind."""
        params = {"key": subject_key, "agency_id": agency_id, **_share(recipient, now)}
        return self._read(
            lambda conn: [
                rows.seen_from_row(r) for r in conn.execute(SELECT_OWN_AND_SHARED, params)
            ]
        )

    def own_cases(self, agency_id: str, after: str, limit: int) -> list[Contribution]:
        """The agency's own contributions, by case reference after `after`."""
        params = {"agency_id": agency_id, "after": after, "limit": limit}
        return self._read(
            lambda conn: [rows.seen_from_row(r)[0] for r in conn.execute(SELECT_OWN_CASES, params)]
        )

    def seen_by_panel(self, subject_key: str, now: datetime) -> list[Seen]:
        params = {"key": subject_key, **_share(PANEL, now)}
        return self._read(
            lambda conn: [rows.seen_from_row(r) for r in conn.execute(SELECT_SHARED, params)]
        )

    def agenda(
        self, after: AgendaPosition | None, limit: int, area: AreaScope | None = None
    ) -> list[AgendaEntry]:
        """Eligible subjects (of the area, when given), highest visible risk first, then
        most incidents."""
        params: dict[str, object] = {"limit": limit}
        if after is not None:
            params.update(level=after[0], count=after[1], key=after[2])
        if area is not None:
            params.update(area=sorted(area.districts), covered=sorted(area.covered))
        query = SELECT_AGENDA.format(
            after=AFTER if after is not None else "true",
            area=IN_AREA if area is not None else "true",
        )
        return self._read(lambda conn: _with_reasons(conn, conn.execute(query, params).fetchall()))

    def agenda_entry(self, subject_key: str) -> AgendaEntry | None:
        found = self._read(
            lambda conn: _with_reasons(
                conn, conn.execute(SELECT_AGENDA_ITEM, [subject_key]).fetchall()
            )
        )
        return found[0] if found else None

    def panel_grants(
        self, subject_keys: Sequence[str], now: datetime
    ) -> dict[tuple[str, str, str], Grant]:
        """(subject_key, agency_id, case_reference) -> why the panel may see that case."""
        params = {"keys": list(subject_keys), **_share(PANEL, now)}
        return self._read(
            lambda conn: {
                (key, agency_id, reference): rows.grant_from_row(grant)
                for key, agency_id, reference, *grant in conn.execute(SELECT_PANEL_GRANTS, params)
            }
        )

    def facts_at(
        self, at: datetime, since: datetime, high_risk_level: int
    ) -> tuple[list[Fact], list[Agreement]]:
        """The facts known by `at` of the subjects that may have been eligible then
        (such a fact after `since`, or a high assessment), and the agreements: what
        the view at `at` is computed from."""
        params = {
            "at": at,
            "since": since,
            "high": high_risk_level,
            "assessed": RISK_ASSESSED.name,
            "erased": CASE_ERASED.name,
        }

        def read(conn: psycopg.Connection) -> tuple[list[Fact], list[Agreement]]:
            facts = [rows.fact_from_row(row) for row in conn.execute(SELECT_FACTS_AT, params)]
            agreements = [rows.agreement_from_row(row) for row in conn.execute(SELECT_AGREEMENTS)]
            return facts, agreements

        return self._read(read)


def _with_reasons(conn: psycopg.Connection, agenda: list[tuple]) -> list[AgendaEntry]:
    reasons: dict[str, list[Reason]] = {row[0]: [] for row in agenda}
    if agenda:
        for row in conn.execute(SELECT_REASONS, [list(reasons)]):
            key, reason = rows.reason_from_row(row)
            reasons[key].append(reason)
    return [
        AgendaEntry(
            key, level, count, tuple(sorted(reasons[key], key=rows.rule_order)), tuple(districts)
        )
        for key, level, count, districts in agenda
    ]
