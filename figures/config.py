"""The figures projection's settings, from the environment (services.common.settings):

MARAC_KAFKA_BOOTSTRAP        Kafka bootstrap servers (default 127.0.0.1:29092)
MARAC_CASE_TOPICS            comma-separated topics: every agency's and the MARAC topic
MARAC_FIGURES_DSN            the figures' own database (required)
MARAC_FIGURES_PROJECTION_ID  consumer group and Faust app id (default marac-figures-projection)
MARAC_STATE_DIR              Faust's local state directory
MARAC_HEALTH_ADDRESS         host:port of its gRPC health service (none when unset)
"""

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass

from services.common.settings import HEALTH_ADDRESS, KAFKA_BOOTSTRAP, names, setting, text


@dataclass(frozen=True)
class FiguresConfig:
    bootstrap: str
    topics: tuple[str, ...]
    dsn: str
    projection_id: str = "marac-figures-projection"
    state_dir: str = os.path.join(tempfile.gettempdir(), "marac-figures")
    health_address: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "FiguresConfig":
        env = os.environ if env is None else env
        return cls(
            bootstrap=KAFKA_BOOTSTRAP.read(env),
            topics=setting(env, "MARAC_CASE_TOPICS", names, "a comma-separated list of topics"),
            dsn=setting(env, "MARAC_FIGURES_DSN", text, "the figures' database (libpq string)"),
            projection_id=setting(
                env, "MARAC_FIGURES_PROJECTION_ID", text, "a name", cls.projection_id
            ),
            state_dir=setting(env, "MARAC_STATE_DIR", text, "a directory", cls.state_dir),
            health_address=HEALTH_ADDRESS.read(env),
        )
