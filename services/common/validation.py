"""Field violations: how every entrypoint says what was wrong with a request.

Descriptions never repeat the submitted value, so personal data sent in a bad
request cannot leak into an error message or a log line.
"""

from collections.abc import Sized
from dataclasses import dataclass, field


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
