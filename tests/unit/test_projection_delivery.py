"""How the projections' consumer hands fetched records to their streams
(projections/delivery.py), without a broker: at once when nothing can hold the
delivery up, Faust's way (giving way to a rebalance) otherwise."""

import asyncio

import faust
import pytest

from projections import delivery
from projections.kernel import ConsumerGroup, projection_app, raw_topic


@pytest.fixture
def app(tmp_path) -> faust.App:
    """A worker's app as once its partitions are assigned (flow control resumed)."""
    app = projection_app(ConsumerGroup("delivery-test", "127.0.0.1:9", str(tmp_path)), None)
    app.flow_control.resume()
    return app


def test_the_projections_read_kafka_through_the_lighter_consumer(app):
    assert isinstance(app.consumer, delivery.Consumer)


async def handed_over_first(consumer: delivery.Consumer) -> list[str]:
    """What ran first: the delivery, or a task scheduled before it."""
    order: list[str] = []

    async def scheduled_earlier() -> None:
        order.append("other work")

    async def deliver() -> int:
        order.append("delivery")
        return 1

    other = asyncio.get_running_loop().create_task(scheduled_earlier())
    results = await consumer.wait_first(deliver(), consumer.suspend_flow.wait())
    await other
    assert 1 in results.results  # delivered either way
    return order


async def test_a_record_is_handed_over_at_once_when_nothing_holds_it(app):
    assert await handed_over_first(app.consumer) == ["delivery", "other work"]


@pytest.mark.parametrize(
    "hold",
    [
        pytest.param(lambda app: app.flow_control.suspend(), id="flow suspended"),
        pytest.param(lambda app: app.consumer.stop_flow(), id="consumer's flow stopped"),
        pytest.param(
            lambda app: (
                [app.topics.add(topic := raw_topic(app, "t"))]
                + [topic.queue.put_nowait(n) for n in range(topic.queue.maxsize)]
            ),
            id="a stream's buffer full",
        ),
    ],
)
async def test_a_delivery_that_may_wait_goes_faust_s_way(app, hold):
    hold(app)
    assert not app.consumer.nothing_holds_deliveries()
    assert await handed_over_first(app.consumer) == ["other work", "delivery"]


async def test_a_held_up_delivery_gives_way_to_a_rebalance(app):
    app.consumer.stop_flow()  # a rebalance began
    held_up = asyncio.Event().wait()  # e.g. a full buffer that nobody empties
    suspended = app.consumer.suspend_flow.wait()
    results = await asyncio.wait_for(app.consumer.wait_first(held_up, suspended), timeout=2)
    assert results.done == [suspended]
