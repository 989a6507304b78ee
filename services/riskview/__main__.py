"""`python -m services.riskview`: the RiskView gRPC server (composition root)."""

import asyncio
import os

from projections.read_model import ReadModel
from services.common.grpc_server import serve
from services.common.logs import configure
from services.riskview.application import RiskView
from services.riskview.grpc_api import register


def main() -> None:
    logger = configure("riskview")
    dsn = os.environ.get("MARAC_READMODEL_DSN")
    if not dsn:
        raise SystemExit("MARAC_READMODEL_DSN is required")
    address = os.environ.get("MARAC_GRPC_ADDRESS", "127.0.0.1:50070")
    read_model = ReadModel(dsn, max_connections=8, wait_seconds=5)
    read_model.open()
    # Idempotent; lets RiskView answer (NOT_FOUND, empty lists) before the projection ran.
    read_model.create_schema()

    async def close() -> None:
        await asyncio.to_thread(read_model.close)

    asyncio.run(serve(address, register(RiskView(read_model), logger), logger, on_stop=close))


if __name__ == "__main__":
    main()
