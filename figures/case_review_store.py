"""The case review's read model on Postgres: the complaints of all agencies, and the
people and districts that meet the threshold, recomputed as complaints arrive and
as time passes.

`record` stores a batch's complaints (and the erasure of cases) and marks the
person and the district of each due, in the caller's transaction, so a projection
stores them with the rest of its batch before acknowledging it. `refresh`
recomputes what is due (new complaints, or a flag whose valid_until came: a
complaint left the six months) from the complaints that may still count, and
replaces their rows of case_review_flagged. Every row but case_review_due's is a
function of the events and the time, so a replay rebuilds the same table. One
writer at a time (no claims): the figures projection's single refresh task.

The schema is CASE_REVIEW_SCHEMA (idempotent), to be applied by the figures read
model's migrations.

Wiring (not done here; the figures projection had not landed): its batch writer
calls `record(conn, *read_batch(events))` (figures.case_review_events) in the
transaction that stores the batch; its refresh task calls `refresh(conn, now,
CaseReviewRules.from_env(), limit)` until it returns 0, every few seconds; a
ListCaseReviews RPC for the community safety partnership answers from `flagged`,
naming a person by a handle (as RiskView's MARAC_HANDLE_KEY does), never by key.
"""

from collections.abc import Iterable
from datetime import datetime

import psycopg
from psycopg.types.json import Jsonb

from figures.case_review import Complaint, Incident, case_reviews
from figures.case_review_rules import CaseReviewRules

CASE_REVIEW_SCHEMA = """
CREATE TABLE IF NOT EXISTS case_review_complaint (
    agency_id text NOT NULL,
    source_sequence bigint NOT NULL,
    agency integer NOT NULL,
    subject_key text NOT NULL,
    case_reference text NOT NULL,
    occurred_at timestamptz NOT NULL,
    made_at timestamptz NOT NULL,
    category integer NOT NULL,
    classification integer NOT NULL,
    district text NOT NULL,
    PRIMARY KEY (agency_id, source_sequence)
);
CREATE INDEX IF NOT EXISTS case_review_complaint_by_subject
    ON case_review_complaint (subject_key, made_at);
CREATE INDEX IF NOT EXISTS case_review_complaint_by_district
    ON case_review_complaint (district, made_at) WHERE district <> '';
-- Erasure is final: a complaint of an erased case arriving late is not stored.
CREATE TABLE IF NOT EXISTS case_review_erased (
    agency_id text NOT NULL,
    case_reference text NOT NULL,
    PRIMARY KEY (agency_id, case_reference)
);
-- A person ('subject', subject_key) or a district ('district', outward code) to
-- recompute at `due`.
CREATE TABLE IF NOT EXISTS case_review_due (
    scope text NOT NULL,
    key text NOT NULL,
    due timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS case_review_due_by_time ON case_review_due (due);
-- The rules the flags were computed by (one row): other rules recompute them all.
CREATE TABLE IF NOT EXISTS case_review_rules (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    rules text NOT NULL
);
-- One row per rule that holds for a person or a district; `incidents` lists each
-- incident's reports: agency kind and id, case reference, behaviour and complaint times.
CREATE TABLE IF NOT EXISTS case_review_flagged (
    scope text NOT NULL,
    key text NOT NULL,
    rule text NOT NULL,
    people integer NOT NULL,
    incidents jsonb NOT NULL,
    valid_until timestamptz,
    PRIMARY KEY (scope, key, rule)
);
"""
SUBJECT, DISTRICT = "subject", "district"
COLUMNS = (
    "agency_id, source_sequence, agency, subject_key, case_reference, "
    "occurred_at, made_at, category, classification, district"
)
# A batch in one statement: complaints of erased cases and redeliveries are left out;
# those stored name the people and districts to mark due.
STORE_COMPLAINTS = f"""
INSERT INTO case_review_complaint ({COLUMNS})
SELECT * FROM unnest(
    %s::text[], %s::bigint[], %s::integer[], %s::text[], %s::text[],
    %s::timestamptz[], %s::timestamptz[], %s::integer[], %s::integer[], %s::text[]
) AS c ({COLUMNS})
WHERE NOT EXISTS (
    SELECT 1 FROM case_review_erased e
    WHERE e.agency_id = c.agency_id AND e.case_reference = c.case_reference
)
ON CONFLICT (agency_id, source_sequence) DO NOTHING
RETURNING subject_key, district
"""
STORE_ERASURE = """
WITH erased AS (
    INSERT INTO case_review_erased VALUES (%(agency_id)s, %(case_reference)s)
    ON CONFLICT DO NOTHING
)
DELETE FROM case_review_complaint
WHERE agency_id = %(agency_id)s AND case_reference = %(case_reference)s
RETURNING subject_key, district
"""
MARK_DUE = """
INSERT INTO case_review_due (scope, key, due)
SELECT *, '-infinity'::timestamptz FROM unnest(%s::text[], %s::text[])
ON CONFLICT (scope, key) DO UPDATE SET due = '-infinity'
"""
# A round passes over the rows a batch being stored holds (SKIP LOCKED): it would
# otherwise lock them in another order than the batch's and deadlock with it (seen
# in a rebuild of 1M events); they are due again once the batch commits.
TAKE_DUE = """
DELETE FROM case_review_due
WHERE (scope, key) IN (
    SELECT scope, key FROM case_review_due WHERE due <= %s ORDER BY due LIMIT %s
    FOR UPDATE SKIP LOCKED
)
RETURNING scope, key
"""
# A complaint counts for `period_months` from when it was made; a month more is read,
# and the domain decides exactly.
MAY_COUNT = f"""
SELECT {COLUMNS} FROM case_review_complaint
WHERE {{column}} = ANY(%(keys)s) AND made_at > %(now)s - make_interval(months => %(months)s)
"""
LIST_FLAGGED = """
SELECT scope, key, rule, people, incidents, valid_until FROM case_review_flagged
WHERE scope = ANY(%s) ORDER BY scope DESC, key, rule
"""
RULES_IN_USE = "SELECT rules FROM case_review_rules FOR UPDATE"
USE_RULES = """
INSERT INTO case_review_rules (rules) VALUES (%s)
ON CONFLICT (one) DO UPDATE SET rules = EXCLUDED.rules
"""
MARK_ALL_DUE = """
INSERT INTO case_review_due (scope, key, due)
SELECT DISTINCT 'subject', subject_key, '-infinity'::timestamptz FROM case_review_complaint
UNION SELECT DISTINCT 'district', district, '-infinity'::timestamptz FROM case_review_complaint
    WHERE district <> ''
ON CONFLICT (scope, key) DO UPDATE SET due = '-infinity'
"""
DELETE_FLAGS = "DELETE FROM case_review_flagged WHERE scope = %s AND key = ANY(%s)"
STORE_FLAGS = """
INSERT INTO case_review_flagged (scope, key, rule, people, incidents, valid_until)
SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::integer[], %s::jsonb[], %s::timestamptz[])
"""
MARK_DUE_AT = """
INSERT INTO case_review_due (scope, key, due)
SELECT %s, * FROM unnest(%s::text[], %s::timestamptz[])
ON CONFLICT (scope, key) DO UPDATE SET due = least(case_review_due.due, EXCLUDED.due)
"""


def create_schema(conn: psycopg.Connection) -> None:
    conn.execute(CASE_REVIEW_SCHEMA)


def record(
    conn: psycopg.Connection,
    complaints: Iterable[Complaint],
    erasures: Iterable[tuple[str, str]] = (),
) -> None:
    """Stores complaints and erased cases (agency_id, case_reference); marks due the
    people and districts they change. Call within the batch's transaction."""
    touched: set[tuple[str, str]] = set()
    with conn.cursor() as cursor:
        for agency_id, case_reference in erasures:
            cursor.execute(
                STORE_ERASURE, {"agency_id": agency_id, "case_reference": case_reference}
            )
            touched.update(_people_and_places(cursor.fetchall()))
        columns = list(zip(*(_row(c) for c in complaints), strict=True))
        if columns:
            cursor.execute(STORE_COMPLAINTS, [list(values) for values in columns])
            touched.update(_people_and_places(cursor.fetchall()))
        if touched:
            cursor.execute(
                MARK_DUE, [list(column) for column in zip(*sorted(touched), strict=True)]
            )


def _people_and_places(rows: list[tuple[str, str]]) -> set[tuple[str, str]]:
    touched = {(SUBJECT, subject_key) for subject_key, _ in rows}
    return touched | {(DISTRICT, district) for _, district in rows if district}


def use_rules(conn: psycopg.Connection, rules: CaseReviewRules) -> bool:
    """Makes `rules` the ones the flags follow; when they differ from those the flags
    were computed by (the partnership changed its threshold), marks every person and
    district due. Returns whether it did."""
    with conn.transaction():
        found = conn.execute(RULES_IN_USE).fetchone()
        if found is not None and found[0] == repr(rules):
            return False
        conn.execute(MARK_ALL_DUE)
        conn.execute(USE_RULES, [repr(rules)])
    return True


def refresh(conn: psycopg.Connection, now: datetime, rules: CaseReviewRules, limit: int) -> int:
    """Recomputes up to `limit` due people and districts; returns how many."""
    with conn.transaction():
        due = conn.execute(TAKE_DUE, [now, limit]).fetchall()
        for scope, column in ((SUBJECT, "subject_key"), (DISTRICT, "district")):
            keys = [key for s, key in due if s == scope]
            if keys:
                _recompute(conn, scope, column, keys, now, rules)
    return len(due)


def _recompute(
    conn: psycopg.Connection,
    scope: str,
    column: str,
    keys: list[str],
    now: datetime,
    rules: CaseReviewRules,
) -> None:
    rows = conn.execute(
        MAY_COUNT.format(column=column),
        {"keys": keys, "now": now, "months": rules.period_months + 1},
    )
    complaints: dict[str, list[Complaint]] = {key: [] for key in keys}
    for row in rows:
        complaint = _complaint(row)
        complaints[complaint.subject_key if scope == SUBJECT else complaint.district].append(
            complaint
        )
    flags: list[tuple] = []
    due: list[tuple[str, datetime]] = []
    for key, theirs in complaints.items():
        reviews = case_reviews(theirs, now, rules)
        if scope == SUBJECT:
            found = [(r, 1) for s in reviews.subjects for r in s.reasons]
        else:
            found = [(d.reason, d.people) for d in reviews.localities]
        for reason, people in found:
            incidents = Jsonb(_incidents(reason.incidents))
            flags.append((key, reason.rule, people, incidents, reviews.valid_until))
        if reviews.valid_until is not None:  # recomputed when time alone changes it
            due.append((key, reviews.valid_until))
    conn.execute(DELETE_FLAGS, [scope, keys])
    if flags:
        conn.execute(STORE_FLAGS, [scope, *(list(column) for column in zip(*flags, strict=True))])
    if due:
        conn.execute(MARK_DUE_AT, [scope, *(list(column) for column in zip(*due, strict=True))])


def flagged(conn: psycopg.Connection, scopes=(SUBJECT, DISTRICT)) -> list[tuple]:
    """(scope, key, rule, people, incidents, valid_until) of every rule that holds:
    people first by subject key, then districts."""
    return conn.execute(LIST_FLAGGED, [list(scopes)]).fetchall()


def _incidents(incidents: tuple[Incident, ...]) -> list[dict]:
    return [
        {
            "occurred_at": i.occurred_at.isoformat(),
            "reports": [
                {
                    "agency": r.agency,
                    "agency_id": r.agency_id,
                    "case_reference": r.case_reference,
                    "occurred_at": r.occurred_at.isoformat(),
                    "made_at": r.made_at.isoformat(),
                    "category": r.category,
                }
                for r in i.reports
            ],
        }
        for i in incidents
    ]


def _row(c: Complaint) -> list:
    return [
        c.agency_id,
        c.source_sequence,
        c.agency,
        c.subject_key,
        c.case_reference,
        c.occurred_at,
        c.made_at,
        c.category,
        c.classification,
        c.district,
    ]


def _complaint(row: tuple) -> Complaint:
    return Complaint(*row)
