"""The shared view's schema: numbered SQL migrations, applied in order, once each.

shared_view/migrations/NNNN_name.sql are applied in ascending NNNN, each in its own
transaction together with its row in schema_migration, so a migration is applied
entirely or not at all. An advisory lock serialises concurrent runs (two deployments
starting at once): the second waits, then finds nothing left to do. Only
`python -m shared_view migrate` (and the stack or tests through `migrate`) changes
the schema; the projection and RiskView expect it in place.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_FILE = re.compile(r"(\d{4})_(\w+)\.sql")
SCHEMA_LOCK = 0x6D61726163  # serialises migrations by concurrent runs
CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}"


@dataclass(frozen=True)
class Migrated:
    applied: tuple[Migration, ...]  # by this run, in order
    version: int  # of the schema now


def migrations(directory: Path = MIGRATIONS) -> list[Migration]:
    """The migrations in order; their versions must run 1, 2, 3, ... without a gap."""
    found = []
    for path in directory.iterdir():
        match = MIGRATION_FILE.fullmatch(path.name)
        if match:
            found.append(Migration(int(match[1]), match[2], path))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations in {directory} must be numbered 0001, 0002, ...")
    return found


def migrate(conninfo: str, directory: Path = MIGRATIONS) -> Migrated:
    """Applies the migrations the database does not have yet."""
    pending = migrations(directory)
    applied = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [SCHEMA_LOCK])
        try:
            conn.execute(CREATE_LEDGER)
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migration")}
            for migration in pending:
                if migration.version in done:
                    continue
                with conn.transaction():
                    conn.execute(migration.path.read_text())
                    conn.execute(
                        "INSERT INTO schema_migration (version, name) VALUES (%s, %s)",
                        [migration.version, migration.name],
                    )
                applied.append(migration)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [SCHEMA_LOCK])
    return Migrated(tuple(applied), max(done | {m.version for m in applied}, default=0))
