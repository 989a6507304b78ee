"""Field violations: how every entrypoint says what was wrong with a request.

Descriptions never repeat the submitted value, so personal data sent in a bad
request cannot leak into an error message or a log line.
"""

import re
from collections.abc import Sized
from dataclasses import dataclass, field
from datetime import date

# Identifiers a request gives are recorded with the case, and case references go on
# every shared event, so each has a format with no room for a name written as one,
# an address, a phone number written with spaces, or narrative: no spaces, no lower
# case (but in a UUID), no punctuation but single separators, and short. They fit
# what agency systems issue: "CR/12345/26", "ASB-2026-00042", "13/0001/26", a UUID.
REFERENCE = re.compile(r"[A-Z0-9]+(?:[-/_.:][A-Z0-9]+)*")
MAX_REFERENCE = 40
REFERENCE_FORMAT = (
    f"must be a reference: upper-case letters and digits, parts separated by one of "
    f"- / _ . : and at most {MAX_REFERENCE} characters"
)
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # what day() takes
# A request id is the caller's own: a UUID, or a reference's format (longer).
MAX_REQUEST_ID = 64
REQUEST_ID_FORMAT = (
    "must be a UUID, or upper-case letters and digits, parts separated by one of "
    f"- / _ . : and at most {MAX_REQUEST_ID} characters"
)
ISSUED_ID_FORMAT = "must be the id this service gave in its answer (a UUID)"
DATE_FORMAT = "must be a date, YYYY-MM-DD"


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class InvalidRequest(Exception):
    """A request that breaks the contract; nothing was recorded."""

    def __init__(self, violations: list[FieldViolation]):
        self.violations = violations
        super().__init__("; ".join(f"{v.field}: {v.description}" for v in violations))

    def __reduce__(self):
        return InvalidRequest, (self.violations,)


@dataclass
class Violations:
    """Collects every problem with a request before any is reported."""

    found: list[FieldViolation] = field(default_factory=list)

    def add(self, field_path: str, description: str) -> None:
        self.found.append(FieldViolation(field_path, description))

    def require(self, field_path: str, value: str, max_length: int) -> None:
        if not value or not value.strip():
            self.add(field_path, "is required")
        else:
            self.limit(field_path, value, max_length)

    def limit(self, field_path: str, value: str, max_length: int) -> None:
        if len(value) > max_length:
            self.add(field_path, f"must be at most {max_length} characters")

    def at_most(self, field_path: str, items: Sized, maximum: int) -> bool:
        """A repeated field of at most `maximum` items; False (and reported) when over."""
        if len(items) > maximum:
            self.add(field_path, f"must name at most {maximum}")
            return False
        return True

    def reference(self, field_path: str, value: str, required: bool = True) -> None:
        """An identifier the agency's own systems issue (a case or crime reference)."""
        if not value:
            if required:
                self.add(field_path, "is required")
        elif len(value) > MAX_REFERENCE or not REFERENCE.fullmatch(value):
            self.add(field_path, REFERENCE_FORMAT)

    def request_id(self, field_path: str, value: str) -> None:
        if not value:
            self.add(field_path, "is required")
        elif len(value) > MAX_REQUEST_ID or not (
            UUID.fullmatch(value) or REFERENCE.fullmatch(value)
        ):
            self.add(field_path, REQUEST_ID_FORMAT)

    def issued_id(self, field_path: str, value: str) -> None:
        """An id the service itself gave (of an override, a report, an action...)."""
        if not value:
            self.add(field_path, "is required")
        elif not UUID.fullmatch(value):
            self.add(field_path, ISSUED_ID_FORMAT)

    def day(self, field_path: str, value: str) -> date | None:
        """A date as YYYY-MM-DD (date.fromisoformat alone takes 20261215 and the week
        date 2027-W22-2 too); None, and reported, when it is not one."""
        try:
            day = date.fromisoformat(value) if ISO_DAY.fullmatch(value) else None
        except ValueError:
            day = None
        if day is None:
            self.add(field_path, DATE_FORMAT)
        return day

    def raise_if_any(self) -> None:
        if self.found:
            raise InvalidRequest(self.found)


# Enum values an entrypoint could not map to the vocabulary, as (field, description);
# commands carry them so one response names every problem.
Unknown = tuple[tuple[str, str], ...]


def check_unknown(v: Violations, unknown: Unknown) -> None:
    for path, description in unknown:
        v.add(path, description)


def reported(path: str, unknown: Unknown) -> bool:
    """True when the field (or an element of it) was already reported as unknown."""
    return any(p == path or p.startswith(f"{path}[") for p, _ in unknown)


def missing(value: object, path: str, unknown: Unknown) -> bool:
    """True when a required value is absent and not already reported as unknown."""
    return value is None and not reported(path, unknown)


def check_required(v: Violations, path: str, value: object, unknown: Unknown) -> None:
    """An enum field left unspecified (one with an unknown value is already reported)."""
    if missing(value, path, unknown):
        v.add(path, "is required")
