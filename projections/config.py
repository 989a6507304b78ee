"""The risk projection's settings, from the environment (services.common.settings):

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
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.common.settings import KAFKA_BOOTSTRAP, names, setting, text
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
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        return cls(
            bootstrap=KAFKA_BOOTSTRAP.read(env),
            topics=setting(env, "MARAC_CASE_TOPICS", names, "a comma-separated list of topics"),
            projection_id=setting(
                env, "MARAC_PROJECTION_ID", text, "a name", default="marac-risk-projection"
            ),
            readmodel_dsn=setting(
                env, "MARAC_READMODEL_DSN", text, "the shared view's database (libpq string)"
            ),
            state_dir=setting(
                env,
                "MARAC_STATE_DIR",
                text,
                "a directory",
                default=os.path.join(tempfile.gettempdir(), "marac-projections"),
            ),
            rules=Rules.from_env(env),
        )
