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

from services.common.grpc_server import serve
from services.common.logs import configure
from services.riskview.application import RiskView
from services.riskview.disclosures import KafkaDisclosureLog
from services.riskview.grpc_api import register
from shared_view.reader import SharedViewReader


def main() -> None:
    logger = configure("riskview")
    dsn = os.environ.get("MARAC_READMODEL_DSN")
    topic = os.environ.get("MARAC_DISCLOSURE_TOPIC")
    if not dsn or not topic:
        raise SystemExit("MARAC_READMODEL_DSN and MARAC_DISCLOSURE_TOPIC are required")
    try:
        timeout = float(os.environ.get("MARAC_DISCLOSURE_TIMEOUT", "10"))
    except ValueError:
        raise SystemExit("MARAC_DISCLOSURE_TIMEOUT must be a number of seconds") from None
    address = os.environ.get("MARAC_GRPC_ADDRESS", "127.0.0.1:50070")
    bootstrap = os.environ.get("MARAC_KAFKA_BOOTSTRAP", "127.0.0.1:29092")
    reader = SharedViewReader(dsn, max_connections=8, wait_seconds=5)
    reader.open()
    disclosures = KafkaDisclosureLog(bootstrap, topic, timeout)

    async def close() -> None:
        await asyncio.to_thread(disclosures.close)
        await asyncio.to_thread(reader.close)

    view = RiskView(reader, disclosures)
    asyncio.run(serve(address, register(view, logger), logger, on_stop=close))


if __name__ == "__main__":
    main()
