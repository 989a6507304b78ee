"""A copy of the ledger as JSON lines: one line per entry, in order, then one per
signed checkpoint; bytes in base64 (an entry's payload null once removed under
retention), times in ISO 8601. Whoever holds a copy and the audit service's public
key can check it (checkpoints.check_copy)."""

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO

from services.audit.checkpoints import Checkpoint
from services.audit.columns import columns_of
from services.audit.ledger import Columns, Entry, Source


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text, validate=True)


def _moment(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def entry_line(e: Entry) -> str:
    c = e.columns
    return json.dumps(
        {
            "entry": {
                "position": e.position,
                "topic": e.source.topic,
                "partition": e.source.partition,
                "offset": e.source.offset,
                "kind": e.kind,
                "value": _b64(e.value),
                "value_sha256": e.value_hash.hex(),
                "agency_id": c.agency_id,
                "subject": c.subject,
                "case_reference": c.case_reference,
                "recorded_at": _moment(c.recorded_at),
                "source_sequence": c.source_sequence,
                "record_id": c.record_id,
                "prev_hash": e.prev_hash.hex(),
                "entry_hash": e.entry_hash.hex(),
                "fact": _b64(e.fact),
                "format": e.format,
            }
        }
    )


def checkpoint_line(c: Checkpoint) -> str:
    return json.dumps(
        {
            "checkpoint": {
                "entry_count": c.entry_count,
                "head_hash": c.head_hash.hex(),
                "signed_at": c.signed_at.isoformat(),
                "key_id": c.key_id,
                "signature": _b64(c.signature),
            }
        }
    )


def write_copy(out: IO[str], entries: Iterable[Entry], checkpoints: Iterable[Checkpoint]) -> int:
    written = 0
    for entry in entries:
        out.write(entry_line(entry) + "\n")
        written += 1
    for checkpoint in checkpoints:
        out.write(checkpoint_line(checkpoint) + "\n")
    return written


class NotACopy(ValueError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is not an entry or a checkpoint of a ledger copy")


def _entry(d: dict) -> Entry:
    recorded_at = datetime.fromisoformat(d["recorded_at"]) if d["recorded_at"] else None
    kind, fact = str(d["kind"]), base64.b64decode(d["fact"], validate=True)
    # A copy exported before records' ids were kept: its ids are what its facts say.
    named = d["record_id"] if "record_id" in d else columns_of(kind, fact).record_id
    return Entry(
        int(d["position"]),
        Source(str(d["topic"]), int(d["partition"]), int(d["offset"])),
        kind,
        _unb64(d["value"]),
        bytes.fromhex(d["value_sha256"]),
        Columns(
            d["agency_id"],
            d["subject"],
            d["case_reference"],
            recorded_at,
            d["source_sequence"],
            named,
        ),
        bytes.fromhex(d["prev_hash"]),
        bytes.fromhex(d["entry_hash"]),
        fact,
        int(d["format"]),
    )


def _checkpoint(d: dict) -> Checkpoint:
    return Checkpoint(
        int(d["entry_count"]),
        bytes.fromhex(d["head_hash"]),
        datetime.fromisoformat(d["signed_at"]),
        str(d["key_id"]),
        base64.b64decode(d["signature"], validate=True),
    )


def read_copy(lines: Iterable[str]) -> tuple[list[Entry], list[Checkpoint]]:
    entries, checkpoints = [], []
    for number, line in enumerate(_lines(lines), start=1):
        try:
            found = json.loads(line)
            if "entry" in found:
                entries.append(_entry(found["entry"]))
            else:
                checkpoints.append(_checkpoint(found["checkpoint"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise NotACopy(number) from None
    return entries, checkpoints


def _lines(lines: Iterable[str]) -> Iterator[str]:
    return (line for line in lines if line.strip())
