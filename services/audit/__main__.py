"""`python -m services.audit serve | verify | export | check-copy | retain`: the
audit ledger (composition root).

serve       follows every topic the ledger keeps and appends what it reads, signs a
            checkpoint when one is due, and serves AuditService and AgreementService
            (the register of data-sharing agreements) over mutual TLS to the operator
            and to IG staff (their token carried by a program for people).
agreements-relay
            follows the agreements' event store and publishes each change on the
            agreements topic (services/audit/agreement_messages.py).
verify      walks the ledger and its checkpoints; exit status 1 on a break.
export      writes a copy of the ledger, JSON lines, to standard output.
check-copy  checks a copy against its latest checkpoint with the public key alone.
retain      removes the payloads of the entries about cases past their retention
            period (their facts stay, and the ledger still verifies); prints counts.
            Once, or at each MARAC_AUDIT_RETENTION_EVERY seconds until stopped.

Settings: services/audit/settings.py.
"""

import argparse
import asyncio
import os
import signal
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from services.audit.agreement_messages import changed
from services.audit.agreement_register import AgreementRegister, AgreementStore
from services.audit.agreements import Agreement
from services.audit.agreements_grpc import add_agreements
from services.audit.application import CheckpointPolicy, Ledger, verify_store
from services.audit.checkpoints import Signer, check_copy
from services.audit.columns import READING
from services.audit.copies import NotACopy, read_copy, write_copy
from services.audit.feed import LedgerFeed
from services.audit.grpc_api import register
from services.audit.settings import AuditSettings, ReaderSettings, RetentionSettings, public_key
from services.audit.store import LedgerStore, Retained
from services.common.access import Access
from services.common.agency import with_small_pool
from services.common.grpc_server import serve
from services.common.health import Checks, serve_health
from services.common.logs import configure, log
from services.common.metrics import (
    LEDGER_ENTRIES,
    LEDGER_PAYLOADS_REMOVED,
    measured_now,
    serve_metrics,
)
from services.common.principals import DEMO_CLIENT, STACK_OPERATOR, TEST_CLIENT, WEB_PRINCIPAL
from services.common.relay import Outgoing, run_relay_process
from services.common.settings import (
    HEALTH_ADDRESS,
    RelaySettings,
    SettingsError,
    exit_on_bad_settings,
    setting,
    text,
    tls_identity,
)
from services.common.store_settings import check_event_store
from services.riskview.handles import Handles

# The operator as itself; the programs that act for people, each call with a token.
CALLERS = Access.only([STACK_OPERATOR, WEB_PRINCIPAL, DEMO_CLIENT, TEST_CLIENT])
AGREEMENTS = AgreementStore.name


def agreement_store(reads_only: bool = False) -> AgreementStore:
    """The agreements' event store; a process that only reads it (the relay) makes
    no tables."""
    env = dict(os.environ)
    if reads_only:
        env = {
            **with_small_pool(env, AGREEMENTS),
            "CREATE_TABLE": "n",
            f"{AGREEMENTS.upper()}_CREATE_TABLE": "n",
        }
    return AgreementStore(env=env)


def run_service() -> None:
    logger = configure("audit")
    try:
        settings = AuditSettings.from_env(os.environ)
        tls = tls_identity(os.environ)
        agreements = AgreementRegister(agreement_store(), settings.partners.kinds)
    except SettingsError as error:
        exit_on_bad_settings(error)

    def new_store() -> LedgerStore:
        return LedgerStore(settings.dsn)

    # The period its Verify judges removals by: the retention's and the projection's
    # start lines say theirs.
    log(logger, "starting", retention_days=settings.rules.retention_days)
    policy = CheckpointPolicy(settings.checkpoint_entries, settings.checkpoint_seconds)
    ledger = Ledger(
        new_store, Signer(settings.signing_key), policy, logger,
        retention=settings.rules.retention,
    )  # fmt: skip
    feed = LedgerFeed(
        new_store, settings.topics.kinds, settings.kafka_bootstrap, settings.group,
        tls.kafka_options(), logger, settings.topics.agencies,
    )  # fmt: skip
    stopping = threading.Event()
    threading.Thread(target=feed.run, args=(stopping,), daemon=True).start()
    threading.Thread(target=ledger.keep_signing, args=(stopping,), daemon=True).start()
    probe = new_store()
    counting = new_store()  # the metrics' own: scrapes come from a thread of their own
    measured_now(LEDGER_ENTRIES, lambda: counting.head().count, logger)
    serve_metrics(os.environ, logger)

    def ledger_answers() -> bool:
        probe.head()
        return True

    async def stop() -> None:
        stopping.set()
        await asyncio.to_thread(probe.close)
        await asyncio.to_thread(counting.close)
        await asyncio.to_thread(agreements.store.close)

    def services(server) -> list[str]:
        return [
            *register(ledger, people, logger, handles)(server),
            *add_agreements(agreements, people, logger)(server),
        ]

    checks = {"ledger": ledger_answers, "ledger feed": feed.making_progress}
    people = settings.people.people(logger)
    handles = Handles(settings.handle_key) if settings.handle_key else None
    asyncio.run(
        serve(
            settings.grpc_address, services, logger, checks, tls,
            CALLERS, on_stop=stop,
        )
    )  # fmt: skip


def run_agreements_relay() -> None:
    logger = configure("audit.agreements-relay")
    try:
        relay_settings = RelaySettings.from_env(os.environ, "")
        topic = setting(os.environ, "MARAC_TOPIC", text, "the agreements topic's name")
        tls = tls_identity(os.environ)
        tracking_name = f"{AGREEMENTS}_relay"
        tracking_env = Environment(tracking_name, with_small_pool(os.environ, tracking_name))
        check_event_store(tracking_env)
        store = agreement_store(reads_only=True)
    except SettingsError as error:
        exit_on_bad_settings(error)
    tracking = InfrastructureFactory.construct(tracking_env).tracking_recorder()

    def messages(event: object, position: int) -> list[Outgoing]:
        if not isinstance(event, Agreement.Event):
            return []
        # The agreement as that event left it.
        agreement = store.repository.get(event.originator_id, version=event.originator_version)
        return [changed(agreement, position, topic)]

    try:
        run_relay_process(store, tracking, messages, relay_settings, tls, logger)
    finally:
        store.close()


def reader_settings() -> ReaderSettings:
    try:
        return ReaderSettings.from_env(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)


def run_verify() -> int:
    settings = reader_settings()
    store = LedgerStore(settings.dsn)
    result = verify_store(store, settings.public_key, settings.rules.retention)
    judged = retention_judged(store, settings.rules.retention)
    if result.ok:
        print(
            f"ledger verified: {result.entries} entries, {result.checkpoints} signed checkpoints,"
            f" head {result.head.hash.hex()}; {result.payloads_removed} payloads removed under"
            f" retention ({judged})"
        )
        return 0
    broken = result.broken
    print(f"ledger BROKEN at entry {broken.position}: {broken.problem} (retention {judged})")
    print(f"entries 1 to {result.entries} verify ({result.checkpoints} checkpoints)")
    return 1


def retention_judged(store: LedgerStore, period: timedelta) -> str:
    """The period verify judged removals by, and the other periods recorded passes
    of retention ran by, if any: a deployment whose retention and audit service were
    given different periods shows here, not only as payloads removed too soon."""
    with store.snapshot() as snapshot:
        others = sorted({p.period for p in snapshot.retention_passes()} - {period})
    said = f"judged by {period.days} days after closure"
    if others:
        said += f"; passes ran by {', '.join(str(p.days) for p in others)} days"
    return said


def run_export() -> int:
    settings = reader_settings()
    with LedgerStore(settings.dsn).snapshot() as snapshot:
        written = write_copy(sys.stdout, snapshot.entries(), snapshot.checkpoints())
    print(f"exported {written} entries", file=sys.stderr)
    return 0


def retention_pass(settings: RetentionSettings) -> Retained:
    store = LedgerStore(settings.dsn)
    try:
        return store.retain(settings.rules.retention, datetime.now(UTC))
    finally:
        store.close()


def retention_said(settings: RetentionSettings, done: Retained) -> str:
    """What a pass did, as counts, never content."""
    removed = sum(done.removed.values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(done.removed.items()))
    said = (
        f"retention ({settings.rules.retention_days} days after closure): {done.cases} cases"
        f" past it; payloads removed from {removed} entries" + (f" ({kinds})" if kinds else "")
    )
    if done.kept_whole:
        said += f"\n{done.kept_whole} of their entries predate kept facts and keep their bytes"
    return said


def run_retain() -> int:
    try:
        settings = RetentionSettings.from_env(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    if settings.every is None:
        print(retention_said(settings, retention_pass(settings)))
        return 0
    run_retention_schedule(settings)
    return 0


def run_retention_schedule(settings: RetentionSettings) -> None:
    """A pass now and at each interval until SIGTERM (the local stack's schedule); a
    pass that fails (the database away) is tried again at the next, and health says
    NOT_SERVING until one succeeds."""
    logger = configure("audit.retention")
    try:
        health_address = HEALTH_ADDRESS.read(os.environ)
        tls = tls_identity(os.environ) if health_address else None
    except SettingsError as error:
        exit_on_bad_settings(error)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    serve_metrics(os.environ, logger)
    probe = LedgerStore(settings.dsn)
    failed = threading.Event()
    checks = {"ledger": lambda: probe.head() is not None, "last pass": lambda: not failed.is_set()}
    stop_health = serve_health(health_address, Checks(checks, logger), logger, tls) if tls else None
    log(
        logger, "retention on a schedule",
        every_seconds=settings.every, retention_days=settings.rules.retention_days,
    )  # fmt: skip
    try:
        while not stopping.is_set():
            try:
                done = retention_pass(settings)
            except psycopg.Error as error:
                failed.set()
                log(logger, "retention pass failed", error=type(error).__name__)
            else:
                failed.clear()
                for kind, removed in done.removed.items():
                    LEDGER_PAYLOADS_REMOVED.labels(kind=kind).inc(removed)
                print(retention_said(settings, done), flush=True)
            stopping.wait(settings.every)
    finally:
        if stop_health is not None:
            stop_health()
        probe.close()


def run_check_copy(copy: Path, key_file: str) -> int:
    try:
        key = setting({"--public-key": key_file}, "--public-key", public_key,
                      "an Ed25519 public key's PEM file")  # fmt: skip
    except SettingsError as error:
        exit_on_bad_settings(error)
    try:
        with copy.open(encoding="utf-8") as lines:
            entries, checkpoints = read_copy(lines)
    except (OSError, NotACopy, UnicodeDecodeError) as error:
        print(f"copy REJECTED: {error if isinstance(error, NotACopy) else 'unreadable'}")
        return 1
    verdict = check_copy(entries, checkpoints, key, READING)
    if not verdict.accepted:
        print(f"copy REJECTED: {verdict.reason}")
        return 1
    signed = verdict.checkpoint
    print(
        f"copy accepted: {verdict.verification.entries} entries; the first {signed.entry_count}"
        f" as signed at {signed.signed_at.isoformat()} (key {signed.key_id})"
    )
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.audit")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="follow the topics, sign checkpoints, serve AuditService")
    commands.add_parser("agreements-relay", help="publish each change of the agreements")
    commands.add_parser("verify", help="walk the ledger and its checkpoints")
    commands.add_parser("export", help="write a copy of the ledger (JSON lines) to stdout")
    checking = commands.add_parser("check-copy", help="check a copy with the public key")
    checking.add_argument("copy", type=Path)
    checking.add_argument("--public-key", required=True, help="the audit service's public key PEM")
    commands.add_parser("retain", help="remove the payloads of entries past retention")
    args = parser.parse_args()
    if args.command == "serve":
        run_service()
    elif args.command == "agreements-relay":
        run_agreements_relay()
    elif args.command == "verify":
        sys.exit(run_verify())
    elif args.command == "export":
        sys.exit(run_export())
    elif args.command == "retain":
        sys.exit(run_retain())
    else:
        sys.exit(run_check_copy(args.copy, args.public_key))


if __name__ == "__main__":
    main()
