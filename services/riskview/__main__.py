"""`python -m services.riskview`: the RiskView gRPC server (composition root).

Environment:
    MARAC_READMODEL_DSN         the shared view the risk projection writes (required); its
                                schema must be in place (`python -m shared_view migrate`),
                                and RiskView only reads it (SELECT)
    MARAC_GRPC_ADDRESS          where to listen (default 127.0.0.1:50070)
    MARAC_KAFKA_BOOTSTRAP       Kafka bootstrap servers (default 127.0.0.1:29092)
    MARAC_DISCLOSURE_TOPIC      the topic every disclosure is recorded on (required)
    MARAC_DISCLOSURE_TIMEOUT    seconds to wait for Kafka to confirm a disclosure before
                                the call is refused with UNAVAILABLE (default 10)
"""

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass

from services.common.grpc_server import serve
from services.common.health import broker_listening
from services.common.logs import configure
from services.common.settings import (
    KAFKA_BOOTSTRAP,
    SettingsError,
    address,
    exit_on_bad_settings,
    seconds,
    setting,
    text,
)
from services.riskview.application import RiskView
from services.riskview.disclosures import KafkaDisclosureLog
from services.riskview.grpc_api import register
from shared_view.reader import SharedViewReader


@dataclass(frozen=True)
class RiskViewSettings:
    readmodel_dsn: str
    grpc_address: str
    kafka_bootstrap: str
    disclosure_topic: str
    disclosure_timeout: float

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "RiskViewSettings":
        return cls(
            readmodel_dsn=setting(
                env, "MARAC_READMODEL_DSN", text, "the shared view's database (libpq string)"
            ),
            grpc_address=setting(
                env, "MARAC_GRPC_ADDRESS", address, "host:port to listen on", "127.0.0.1:50070"
            ),
            kafka_bootstrap=KAFKA_BOOTSTRAP.read(env),
            disclosure_topic=setting(env, "MARAC_DISCLOSURE_TOPIC", text, "a topic name"),
            disclosure_timeout=setting(
                env, "MARAC_DISCLOSURE_TIMEOUT", seconds, "a number of seconds", 10.0
            ),
        )


def main() -> None:
    logger = configure("riskview")
    try:
        settings = RiskViewSettings.from_env(os.environ)
    except SettingsError as error:
        exit_on_bad_settings(error)
    reader = SharedViewReader(settings.readmodel_dsn, max_connections=8, wait_seconds=5)
    reader.open()
    disclosures = KafkaDisclosureLog(
        settings.kafka_bootstrap, settings.disclosure_topic, settings.disclosure_timeout
    )

    async def close() -> None:
        await asyncio.to_thread(disclosures.close)
        await asyncio.to_thread(reader.close)

    view = RiskView(reader, disclosures)
    checks = {
        "shared view": reader.reachable,
        "disclosure log": broker_listening(settings.kafka_bootstrap),
    }
    asyncio.run(serve(settings.grpc_address, register(view, logger), logger, checks, on_stop=close))


if __name__ == "__main__":
    main()
