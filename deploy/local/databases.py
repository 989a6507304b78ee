"""The local stack's Postgres databases and roles: each made by the superuser (whose
password only this module reads), each role opening only its own database, over
TLS (libpq checks the server's certificate against the local authority), with a
password Postgres is given as a SCRAM verifier, so that it is never in a
statement the server could log."""

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from deploy.local.pki import PKI_DIR

REPO = Path(__file__).resolve().parents[2]
LOCAL = Path(os.environ.get("MARAC_LOCAL_DIR", REPO / ".local"))
PG_HOST = os.environ.get("MARAC_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("MARAC_PG_PORT", "25432")
PG_SUPERUSER = os.environ.get("MARAC_PG_SUPERUSER", "postgres")
# Made at random by deploy/local/postgres.sh; only the stack's provisioning reads it.
PG_SUPERPASSWORD_FILE = Path(
    os.environ.get("MARAC_PG_SUPERPASSWORD_FILE", LOCAL / "secrets" / "postgres-superuser")
)
# How every client of the local cluster connects: TLS, the server's certificate checked.
POSTGRES_TLS = {"PGSSLMODE": "verify-full", "PGSSLROOTCERT": str(PKI_DIR / "ca.pem")}


def conninfo(dbname: str, user: str, password: str) -> str:
    return psycopg.conninfo.make_conninfo(
        host=PG_HOST,
        port=PG_PORT,
        dbname=dbname,
        user=user,
        password=password,
        sslmode=POSTGRES_TLS["PGSSLMODE"],
        sslrootcert=POSTGRES_TLS["PGSSLROOTCERT"],
    )


def admin_conninfo(dbname: str = "postgres") -> str:
    return conninfo(dbname, PG_SUPERUSER, PG_SUPERPASSWORD_FILE.read_text().strip())


def login_role(conn: psycopg.Connection, name: str, password: str) -> None:
    """Makes the role `name`, or gives it `password` if it exists. Postgres is given
    the password's SCRAM verifier, never the password itself."""
    verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
    conn.execute(
        sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
            sql.SQL("ALTER" if exists else "CREATE"),
            sql.Identifier(name),
            sql.Literal(verifier.decode("ascii")),
        )
    )


@dataclass
class Database:
    dbname: str
    user: str
    password: str

    def conninfo(self) -> str:
        return conninfo(self.dbname, self.user, self.password)

    def event_store_env(self) -> dict[str, str]:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_HOST": PG_HOST,
            "POSTGRES_PORT": PG_PORT,
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "CREATE_TABLE": "y",
        }


def provision_database(name: str, password: str) -> Database:
    """A database owned by a role of the same name that no other role may open."""
    with psycopg.connect(admin_conninfo(), autocommit=True) as conn:
        login_role(conn, name, password)
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(name)
                )
            )
        conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
    return Database(name, name, password)


# The roles that read a database they do not own, by the suffix of their names.
READER = "reader"  # RiskView's of the shared view: SELECT, nothing else
FOLLOWER = "relay"  # a relay's of its agency's store: SELECT, and a table of its own
APPENDER = "appender"  # the audit service's of its ledger: SELECT and INSERT, nothing else
# The audit ledger's retention: SELECT, and (services.audit.store.grant_retention, which
# also grants what it reads by) removing an entry's payload, nothing else.
RETAINER = "retention"


def provision_reader(owned: Database, password: str, kind: str = READER) -> Database:
    """A role that may read the tables of `owned` (those there now and those its
    owner adds later) and change none of them; a FOLLOWER may also make tables of
    its own there (a relay's tracking table), an APPENDER add rows to them."""
    name = f"{owned.dbname}_{kind}"
    with psycopg.connect(admin_conninfo(owned.dbname), autocommit=True) as conn:
        login_role(conn, name, password)
        role, owner, db = (sql.Identifier(n) for n in (name, owned.user, owned.dbname))
        for statement in (
            "GRANT CONNECT ON DATABASE {db} TO {role}",
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
            " GRANT SELECT ON TABLES TO {role}",
            *(["GRANT CREATE ON SCHEMA public TO {role}"] if kind == FOLLOWER else []),
            # The audit ledger's: it adds rows and never changes or removes one.
            *(
                [
                    "GRANT INSERT ON ALL TABLES IN SCHEMA public TO {role}",
                    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
                    " GRANT INSERT ON TABLES TO {role}",
                ]
                if kind == APPENDER
                else []
            ),
        ):
            conn.execute(sql.SQL(statement).format(db=db, role=role, owner=owner))
        if kind == FOLLOWER:
            _give_relay_its_tracking(conn, owned.user, name)
    return Database(owned.dbname, name, password)


def _give_relay_its_tracking(conn: psycopg.Connection, owner: str, follower: str) -> None:
    """A store made before its relay had a role of its own has the relay's tracking
    table owned by the store's role, which the relay may not add to: it becomes the
    relay's, as in a store made since."""
    found = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename LIKE '%%\\_relay\\_tracking' AND tableowner = %s",
        [owner],
    ).fetchall()
    for (table,) in found:
        conn.execute(
            sql.SQL("ALTER TABLE {} OWNER TO {}").format(
                sql.Identifier(table), sql.Identifier(follower)
            )
        )


def drop_database(name: str) -> None:
    with psycopg.connect(admin_conninfo(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        for role in (f"{name}_{READER}", f"{name}_{FOLLOWER}", f"{name}_{APPENDER}", name):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
