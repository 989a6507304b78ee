"""`python -m services.identity`: the local issuer of people's tokens (composition root).

    migrate                       create or bring up to date the directory's schema
    add-user USER --role ROLE [--agency AGENCY --agency-id ID]
                                  add a user; the password is read from standard input
                                  (or asked for twice at a terminal), never an argument
    deactivate USER / activate USER
    token USER                    check the password (standard input, or asked for) and
                                  print a signed token for the user
    keys [--rotate]               make the signing key if there is none (or a new one
                                  with --rotate) and print the path of the JWKS file
    serve                         serve marac.v1.IdentityService (sign-in and renewal)
                                  over mutual TLS to the web app and the tests, on
                                  MARAC_GRPC_ADDRESS (default 127.0.0.1:50068), with the
                                  certificate MARAC_TLS_CA/CERT/KEY name

Settings: services/identity/settings.py. Nothing here logs or prints a password,
a token (but the one asked for) or a name of anyone.
"""

import argparse
import asyncio
import getpass
import os
import sys

import psycopg

from services.common.access import Access
from services.common.grpc_server import serve
from services.common.logs import configure
from services.common.metrics import serve_metrics
from services.common.principals import TEST_CLIENT, WEB_PRINCIPAL
from services.common.settings import (
    SettingsError,
    address,
    exit_on_bad_settings,
    setting,
    tls_identity,
)
from services.identity import grpc_api
from services.identity.application import Directory
from services.identity.bootstrap import directory
from services.identity.domain import ROLES, DirectoryError
from services.identity.keys import KeyDirectory, NoSigningKey
from services.identity.passwords import Passwords, WeakPassword
from services.identity.settings import IdentitySettings
from services.identity.store import PostgresUsers, migrate

EX_REFUSED = 1
DEFAULT_ADDRESS = "127.0.0.1:50068"
# Who may ask to sign people in: the web app, and the tests.
SIGN_IN_CLIENTS = Access.only([WEB_PRINCIPAL, TEST_CLIENT])


def read_password(confirm: bool) -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if confirm and getpass.getpass("again: ") != password:
            raise SystemExit("the passwords differ")
        return password
    return sys.stdin.read().removesuffix("\n")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m services.identity")
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the directory's schema migrations")
    add = commands.add_parser("add-user", help="add a user (password on standard input)")
    add.add_argument("user")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--agency", default="", help="for a representative: services/agencies.py")
    add.add_argument("--agency-id", default="", help="for a representative: the agency's id")
    for name in ("deactivate", "activate"):
        commands.add_parser(name, help=f"{name} a user").add_argument("user")
    token = commands.add_parser("token", help="print a token (password on standard input)")
    token.add_argument("user")
    keys = commands.add_parser("keys", help="make the signing key; print the JWKS path")
    keys.add_argument("--rotate", action="store_true", help="make a new signing key")
    commands.add_parser("serve", help="serve sign-in and renewal over gRPC (mutual TLS)")
    return top


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        settings = IdentitySettings.from_env(
            os.environ,
            database=args.command != "keys",
            keys=args.command in ("token", "keys", "serve"),
        )
    except SettingsError as error:
        exit_on_bad_settings(error)
    if args.command == "serve":
        serve_sign_in(settings)
        return
    try:
        run(args, settings)
    except (DirectoryError, WeakPassword, NoSigningKey) as error:
        print(f"refused: {error}", file=sys.stderr)
        raise SystemExit(EX_REFUSED) from None
    except psycopg.OperationalError as error:
        # libpq's message names the host, never the password.
        raise SystemExit(f"the directory's database is unavailable: {error}".strip()) from None


def run(args: argparse.Namespace, settings: IdentitySettings) -> None:
    if args.command == "migrate":
        migrated = migrate(settings.dsn)
        print(f"directory schema at version {migrated.version}")
    elif args.command == "keys":
        assert settings.key_dir is not None
        keys = KeyDirectory(settings.key_dir)
        key = keys.rotate() if args.rotate else keys.ensure()
        print(f"signing key {key.kid}; public keys: {keys.jwks_path}")
    elif args.command == "add-user":
        with directory(settings) as people:
            user = people.add_user(
                args.user, read_password(confirm=True), args.role, args.agency, args.agency_id
            )
        print(f"added {user.username} ({user.role}) as {user.user_id}")
    elif args.command in ("activate", "deactivate"):
        with directory(settings) as people:
            people.set_active(args.user, args.command == "activate")
        print(f"{args.command}d {args.user}")
    elif args.command == "token":
        with directory(settings) as people:
            print(people.sign_in(args.user, read_password(confirm=False)).token)


def serve_sign_in(settings: IdentitySettings) -> None:
    logger = configure("identity")
    try:
        listen = setting(
            os.environ, "MARAC_GRPC_ADDRESS", address, "host:port to listen on", DEFAULT_ADDRESS
        )
        tls = tls_identity(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    serve_metrics(os.environ, logger)
    assert settings.key_dir is not None
    users = PostgresUsers(settings.dsn)
    signing_in = Directory(users, Passwords(), KeyDirectory(settings.key_dir), settings.policy)

    async def close() -> None:
        await asyncio.to_thread(users.close)

    asyncio.run(
        serve(
            listen,
            grpc_api.register(signing_in, logger),
            logger,
            {"directory": users.reachable},
            tls,
            SIGN_IN_CLIENTS,
            on_stop=close,
        )
    )


if __name__ == "__main__":
    main()
