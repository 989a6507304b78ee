"""The shared read model in Postgres: minimised facts and one summary row per subject.

Writing is idempotent: a fact is stored once per (agency_id, source_sequence), and a
subject's summary is recomputed from all its stored facts in the same transaction, so
redelivery and replay from offset 0 give the same rows. Nothing here is wall-clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from projections.risk_summary import Fact, RiskSummary, summarise_all

SCHEMA = """
CREATE TABLE IF NOT EXISTS risk_fact (
    agency_id text NOT NULL,
    source_sequence bigint NOT NULL,
    agency integer NOT NULL,
    subject_key text COLLATE "C" NOT NULL,
    case_reference text NOT NULL,
    kind text NOT NULL,
    occurred_at timestamptz NOT NULL,
    risk_level integer,
    PRIMARY KEY (agency_id, source_sequence)
);
CREATE INDEX IF NOT EXISTS risk_fact_by_subject ON risk_fact (subject_key);
CREATE TABLE IF NOT EXISTS subject_summary (
    subject_key text COLLATE "C" PRIMARY KEY,
    agencies integer[] NOT NULL,
    highest_risk_level integer NOT NULL,
    incident_count integer NOT NULL,
    last_incident_date date
);
CREATE INDEX IF NOT EXISTS subject_summary_by_risk
    ON subject_summary ((-highest_risk_level), (-incident_count), subject_key);
"""
SCHEMA_LOCK = 0x6D61726163  # serialises schema creation by concurrent workers

FACT_COLUMNS = (
    "agency_id, source_sequence, agency, subject_key, case_reference, kind, occurred_at, risk_level"
)
INSERT_FACT = (
    f"INSERT INTO risk_fact ({FACT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (agency_id, source_sequence) DO NOTHING"
)
# Two workers may hold the same subject (its events on different agency topics), so
# a batch locks its subjects, in one global order, before it recomputes them.
LOCK_SUBJECTS = """
SELECT pg_advisory_xact_lock(h)
FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(%s::text[]) AS k) AS keys
ORDER BY h
"""
SELECT_FACTS = f"SELECT {FACT_COLUMNS} FROM risk_fact WHERE subject_key = ANY(%s::text[])"
SUMMARY_COLUMNS = "subject_key, agencies, highest_risk_level, incident_count, last_incident_date"
UPSERT_SUMMARY = f"""
INSERT INTO subject_summary ({SUMMARY_COLUMNS}) VALUES (%s, %s::integer[], %s, %s, %s)
ON CONFLICT (subject_key) DO UPDATE SET
    agencies = EXCLUDED.agencies,
    highest_risk_level = EXCLUDED.highest_risk_level,
    incident_count = EXCLUDED.incident_count,
    last_incident_date = EXCLUDED.last_incident_date
WHERE (subject_summary.agencies, subject_summary.highest_risk_level,
       subject_summary.incident_count, subject_summary.last_incident_date)
    IS DISTINCT FROM (EXCLUDED.agencies, EXCLUDED.highest_risk_level,
                      EXCLUDED.incident_count, EXCLUDED.last_incident_date)
"""
SELECT_SUMMARY = f"SELECT {SUMMARY_COLUMNS} FROM subject_summary WHERE subject_key = %s"
# Keyset order: highest risk first, then most incidents, then subject key.
RISK_ORDER = "(-highest_risk_level, -incident_count, subject_key)"
SELECT_BY_RISK = f"""
SELECT {SUMMARY_COLUMNS} FROM subject_summary
WHERE highest_risk_level >= %(min_level)s {{after}}
ORDER BY -highest_risk_level, -incident_count, subject_key
LIMIT %(limit)s
"""
AFTER = f"AND {RISK_ORDER} > (-%(level)s::integer, -%(count)s::integer, %(key)s::text)"

RiskPosition = tuple[int, int, str]  # (highest_risk_level, incident_count, subject_key)


@dataclass(frozen=True)
class Written:
    facts: int  # facts offered
    new: int  # facts not seen before
    subjects: int  # summaries recomputed


class ReadModel:
    def __init__(self, conninfo: str, max_connections: int = 4, wait_seconds: float = 30):
        self._pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_connections,
            timeout=wait_seconds,  # for a connection, then psycopg_pool.PoolTimeout
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
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

    def record(self, facts: Sequence[Fact]) -> Written:
        """Stores a batch of facts and refreshes their subjects, in one transaction."""
        subjects = sorted({f.subject_key for f in facts})
        if not subjects:
            return Written(facts=0, new=0, subjects=0)
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(LOCK_SUBJECTS, [subjects])
            cur.executemany(INSERT_FACT, [_fact_row(f) for f in facts])
            new = cur.rowcount
            cur.execute(SELECT_FACTS, [subjects])
            summaries = summarise_all(Fact(*row) for row in cur.fetchall())
            cur.executemany(UPSERT_SUMMARY, [_summary_row(s) for s in summaries.values()])
        return Written(facts=len(facts), new=new, subjects=len(summaries))

    def summary(self, subject_key: str) -> RiskSummary | None:
        with self._pool.connection() as conn:
            row = conn.execute(SELECT_SUMMARY, [subject_key]).fetchone()
        return _summary(row) if row else None

    def by_risk(self, min_level: int, after: RiskPosition | None, limit: int) -> list[RiskSummary]:
        """Summaries at or above min_level in risk order, starting after a position."""
        params: dict[str, object] = {"min_level": min_level, "limit": limit}
        if after is not None:
            params.update(level=after[0], count=after[1], key=after[2])
        query = SELECT_BY_RISK.format(after=AFTER if after is not None else "")
        with self._pool.connection() as conn:
            rows = conn.execute(query, params).fetchall()
        return [_summary(row) for row in rows]


def position(summary: RiskSummary) -> RiskPosition:
    return (summary.highest_risk_level, summary.incident_count, summary.subject_key)


def _fact_row(fact: Fact) -> tuple[object, ...]:
    return (
        fact.agency_id,
        fact.source_sequence,
        fact.agency,
        fact.subject_key,
        fact.case_reference,
        fact.kind,
        fact.occurred_at,
        fact.risk_level,
    )


def _summary_row(summary: RiskSummary) -> tuple[object, ...]:
    return (
        summary.subject_key,
        list(summary.agencies),
        summary.highest_risk_level,
        summary.incident_count,
        summary.last_incident_date,
    )


def _summary(row: tuple) -> RiskSummary:
    key, agencies, level, count, last_date = row
    return RiskSummary(key, tuple(agencies), level, count, last_date)
