"""The risk projection's configuration, from the environment:

MARAC_KAFKA_BOOTSTRAP   Kafka bootstrap servers (default 127.0.0.1:29092)
MARAC_CASE_TOPICS       comma-separated topics: every agency's, and the MARAC
                        meeting service's (MaracDiscussed)
MARAC_PROJECTION_ID     consumer group and Faust app id (default marac-risk-projection)
MARAC_READMODEL_DSN     the shared view's database (required); its schema must be in
                        place (`python -m shared_view migrate`)
MARAC_STATE_DIR         Faust's local state directory
MARAC_RULE_*            MARAC eligibility rules (see shared_view/rules.py)
MARAC_FAUST_*           Faust's own settings (see projections/app.py)
"""

import os
import tempfile
from dataclasses import dataclass, field

from shared_view.rules import Rules


@dataclass(frozen=True)
class Config:
    bootstrap: str
    topics: tuple[str, ...]
    projection_id: str
    readmodel_dsn: str
    state_dir: str
    rules: Rules = field(default_factory=Rules)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Config":
        env = dict(os.environ if env is None else env)
        topics = tuple(t.strip() for t in env.get("MARAC_CASE_TOPICS", "").split(",") if t.strip())
        if not topics:
            raise SystemExit("MARAC_CASE_TOPICS must name at least one topic")
        try:
            rules = Rules.from_env(env)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        return cls(
            bootstrap=env.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092"),
            topics=topics,
            projection_id=env.get("MARAC_PROJECTION_ID", "marac-risk-projection"),
            readmodel_dsn=env.get("MARAC_READMODEL_DSN", ""),
            state_dir=env.get(
                "MARAC_STATE_DIR", os.path.join(tempfile.gettempdir(), "marac-projections")
            ),
            rules=rules,
        )
