"""`python -m shared_view migrate`: brings the shared view's database to the schema
this code expects (see shared_view/schema.py), then prints one line saying what it did.

Environment:
    MARAC_READMODEL_DSN   the shared view's database, as a libpq connection string,
                          for a role that may change its schema (the owner)
"""

import argparse
import os

import psycopg

from services.common.settings import SettingsError, exit_on_bad_settings, setting, text
from shared_view.schema import migrate

DSN = "MARAC_READMODEL_DSN"


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared_view")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the schema migrations not applied yet")
    parser.parse_args(argv)
    try:
        dsn = setting(
            os.environ if env is None else env,
            DSN,
            text,
            "the shared view's database (libpq connection string)",
        )
    except SettingsError as error:
        exit_on_bad_settings(error)
    try:
        migrated = migrate(dsn)
    except psycopg.OperationalError as error:
        # libpq's message names the host, never the password.
        raise SystemExit(f"shared view schema not migrated: {error}".strip()) from None
    if migrated.applied:
        names = ", ".join(m.label for m in migrated.applied)
        print(f"shared view schema: applied {names}; now at version {migrated.version}")
    else:
        print(f"shared view schema: up to date at version {migrated.version}")


if __name__ == "__main__":
    main()
