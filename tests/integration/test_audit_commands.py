"""The operator's commands over a real ledger: `verify` says it verifies (exit 0)
or names the first broken entry (exit 1); `export` writes a copy that `check-copy`
accepts with the public key alone, and rejects once tampered with; `retain` removes
the payloads of a case past retention and says how many, and the ledger verifies."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from deploy.local.databases import POSTGRES_TLS
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
    assert done.stdout.endswith("; 0 payloads removed under retention\n")
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
    verified = audit(["verify"], signed_ledger)
    assert verified.returncode == 0, verified.stdout
    assert "32 entries" in verified.stdout and "; 2 payloads removed" in verified.stdout
    bad = audit(["retain"], {**retention, "MARAC_RULE_RETENTION_DAYS": "soon"})
    assert bad.returncode != 0 and "soon" not in bad.stdout + bad.stderr
