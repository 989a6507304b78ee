"""The operator's commands over a real ledger: `verify` says it verifies (exit 0)
or names the first broken entry (exit 1); `export` writes a copy that `check-copy`
accepts with the public key alone, and rejects once tampered with; `retain` removes
the payloads of a case past retention and says how many, and the ledger verifies;
on a schedule, it does so at each interval until it is stopped."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import psycopg
import pytest

from deploy.local.databases import POSTGRES_TLS
from deploy.local.spawning import spawn
from services.audit.checkpoints import Signer
from services.audit.columns import CASE_EVENT
from services.audit.keys import ensure_signing_key
from services.audit.ledger import Record, Source
from services.audit.settings import private_key
from services.audit.store import LedgerStore
from tests.integration.test_audit_ledger_postgres import as_superuser
from tests.unit.test_audit_ledger import closing, records


@pytest.fixture
def keys(tmp_path):
    return ensure_signing_key(tmp_path / "audit")


def audit(command: list[str], env: dict[str, str], stdout=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "services.audit", *command],
        env={"PATH": os.environ["PATH"], **POSTGRES_TLS, **env},
        capture_output=stdout is None,
        stdout=stdout,
        text=True,
        timeout=60,
    )


@pytest.fixture
def signed_ledger(ledger_db, keys):
    store = LedgerStore(ledger_db.conninfo())
    store.append(records(30))
    signer = Signer(private_key(str(keys[0])))
    store.add_checkpoint(signer.sign(store.head(), datetime.now(UTC)))
    store.close()
    return {"MARAC_AUDIT_DSN": ledger_db.conninfo(), "MARAC_AUDIT_PUBLIC_KEY": str(keys[1])}


def test_verify_says_the_ledger_verifies_and_then_where_it_broke(signed_ledger, ledger_db):
    done = audit(["verify"], signed_ledger)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ledger verified: 30 entries, 1 signed checkpoints")
    assert done.stdout.endswith(
        "; 0 payloads removed under retention (judged by 365 days after closure)\n"
    )
    as_superuser(ledger_db, "DELETE FROM ledger_entries WHERE position = 12")
    broken = audit(["verify"], signed_ledger)
    assert broken.returncode == 1
    assert "BROKEN at entry 12: the entry is missing (deleted)" in broken.stdout
    assert "entries 1 to 11 verify" in broken.stdout


def test_an_exported_copy_checks_and_a_tampered_one_is_rejected(signed_ledger, keys, tmp_path):
    copy = tmp_path / "ledger.jsonl"
    with copy.open("w") as out:
        done = audit(["export"], signed_ledger, stdout=out)
    assert done.returncode == 0
    checked = audit(["check-copy", str(copy), "--public-key", str(keys[1])], {})
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("copy accepted: 30 entries; the first 30 as signed at")

    lines = copy.read_text().splitlines()
    entry = json.loads(lines[6])
    entry["entry"]["case_reference"] = "CR/OTHER/26"
    lines[6] = json.dumps(entry)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines) + "\n")
    rejected = audit(["check-copy", str(tampered), "--public-key", str(keys[1])], {})
    assert rejected.returncode == 1
    assert "copy REJECTED: entry 7: its indexed columns do not match its bytes" in rejected.stdout

    other = tmp_path / "other"
    other_public = ensure_signing_key(other)[1]
    # A key of another service rejects the genuine copy.
    refused = audit(["check-copy", str(copy), "--public-key", str(other_public)], {})
    assert refused.returncode == 1
    assert "not signed by this key" in refused.stdout


def test_retain_says_what_it_removed_and_the_ledger_still_verifies(
    signed_ledger, ledger_db, ledger_retention
):
    store = LedgerStore(ledger_db.conninfo())
    closed = [closing(101, 0, "CR/OLD", "case_opened"), closing(102, 40, "CR/OLD")]
    store.append([Record(Source("t", 0, n), CASE_EVENT, v) for n, v in enumerate(closed)])
    store.close()
    retention = {"MARAC_AUDIT_RETENTION_DSN": ledger_retention.conninfo()}
    done = audit(["retain"], {**retention, "MARAC_RULE_RETENTION_DAYS": "30"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "retention (30 days after closure): 1 cases past it;"
        " payloads removed from 2 entries (case_event 2)\n"
    )
    # Verified by the same rule: a period of 30 days.
    verified = audit(["verify"], {**signed_ledger, "MARAC_RULE_RETENTION_DAYS": "30"})
    assert verified.returncode == 0, verified.stdout
    assert "32 entries" in verified.stdout and "; 2 payloads removed" in verified.stdout
    # By a period of a year, the case closed 40 days ago was not due: verify says the
    # pass ran by another period than its own.
    early = audit(["verify"], signed_ledger)
    assert early.returncode == 1
    assert (
        "BROKEN at entry 31: its payload was removed before retention allowed"
        " (retention judged by 365 days after closure; passes ran by 30 days)\n"
    ) in early.stdout
    bad = audit(["retain"], {**retention, "MARAC_RULE_RETENTION_DAYS": "soon"})
    assert bad.returncode != 0 and "soon" not in bad.stdout + bad.stderr


def test_verify_finds_a_payload_the_retention_role_removed_before_it_was_due(
    signed_ledger, ledger_retention
):
    """The retention role may remove any payload the trigger allows; what retention
    allowed is the rule's, which `verify` checks."""
    with psycopg.connect(ledger_retention.conninfo(), autocommit=True) as conn:
        conn.execute("UPDATE ledger_entries SET value = NULL WHERE position = 7")
    verified = audit(["verify"], signed_ledger)
    assert verified.returncode == 1
    assert "ledger BROKEN at entry 7: its payload was removed before retention allowed" in (
        verified.stdout
    )


def removed_payloads(conninfo: str) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute("SELECT count(*) FROM ledger_entries WHERE value IS NULL").fetchone()[0]


def wait_for_removed(conninfo: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while removed_payloads(conninfo) < count:
        assert time.monotonic() < deadline, f"fewer than {count} payloads removed in 30 s"
        time.sleep(0.2)


def test_retain_on_a_schedule_runs_a_pass_at_each_interval_until_stopped(
    ledger_db, ledger_retention
):
    store = LedgerStore(ledger_db.conninfo())

    def close_case(reference: str, first: int) -> None:
        closed = [closing(first, 0, reference, "case_opened"), closing(first + 1, 40, reference)]
        store.append([Record(Source("t", 0, first + n), CASE_EVENT, v)
                      for n, v in enumerate(closed)])  # fmt: skip

    close_case("CR/OLD-1", 201)
    env = {
        "PATH": os.environ["PATH"], **POSTGRES_TLS,
        "MARAC_AUDIT_RETENTION_DSN": ledger_retention.conninfo(),
        "MARAC_RULE_RETENTION_DAYS": "30", "MARAC_AUDIT_RETENTION_EVERY": "0.5",
    }  # fmt: skip
    running = spawn(
        [sys.executable, "-m", "services.audit", "retain"], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_removed(ledger_db.conninfo(), 2)
        close_case("CR/OLD-2", 301)  # closed long enough, after the first pass
        wait_for_removed(ledger_db.conninfo(), 4)
    finally:
        running.send_signal(signal.SIGTERM)
        out, err = running.communicate(timeout=30)
        store.close()
    assert running.returncode == 0, err
    passes = out.splitlines()
    assert passes[0].endswith("1 cases past it; payloads removed from 2 entries (case_event 2)")
    assert any(p.endswith("2 cases past it; payloads removed from 2 entries (case_event 2)")
               for p in passes)  # fmt: skip
    assert all(p.startswith("retention (30 days after closure): ") for p in passes)
    assert "retention on a schedule" in err


def test_a_retention_interval_that_is_not_a_positive_number_is_refused(ledger_retention):
    for bad in ("0", "daily", "-5"):
        refused = audit(["retain"], {"MARAC_AUDIT_RETENTION_DSN": ledger_retention.conninfo(),
                                     "MARAC_AUDIT_RETENTION_EVERY": bad})  # fmt: skip
        assert refused.returncode != 0
        assert "MARAC_AUDIT_RETENTION_EVERY" in refused.stdout + refused.stderr
