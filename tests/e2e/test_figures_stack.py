"""The figures on the real stack: the figures projection reads what the four
agencies share, the figures service answers a chair with every agency's incident
counted and, each being fewer than five, suppressed."""

import time

from deploy.local import scenario
from marac.v1 import figures_pb2, figures_pb2_grpc
from services.common.principals import TEST_CLIENT
from tests.e2e.canaries import CANARY_VICTIM
from tests.e2e.test_walking_skeleton import WAIT_SECONDS
from tests.people import signed_in


def test_the_scenarios_incidents_reach_the_figures_suppressed(stack):
    scenario.play(stack.agency_channel, CANARY_VICTIM)
    with stack.channel("figures", TEST_CLIENT) as channel:
        figures = figures_pb2_grpc.FiguresServiceStub(channel)
        request = figures_pb2.GetFigureRequest(name="incidents_by_agency_and_month")
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            table = figures.GetFigure(request, metadata=signed_in(stack, "chair"))
            agencies = {row.label for row in table.rows}
            if {"police", "social_landlord", "ddpo"} <= agencies:
                break
            assert time.monotonic() < deadline, f"figures have only {agencies}"
            time.sleep(0.5)
    # Each agency's few incidents are hidden (a zero, which discloses nobody, is shown).
    assert all(cell.suppressed or cell.value == 0 for row in table.rows for cell in row.cells)
    assert any(cell.suppressed for row in table.rows for cell in row.cells)
    assert all(row.total.suppressed for row in table.rows)
