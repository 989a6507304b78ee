"""Field violations: how every entrypoint says what was wrong with a request.

Descriptions never repeat the submitted value, so personal data sent in a bad
request cannot leak into an error message or a log line.
"""

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

    def raise_if_any(self) -> None:
        if self.found:
            raise InvalidRequest(self.found)
