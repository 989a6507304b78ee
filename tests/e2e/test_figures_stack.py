"""The figures on the real stack: the figures projection reads what the four
agencies share, the figures service answers a chair with every agency's incidents
counted and no count from 1 to 4 published. (Other modules' incidents on the same
stack may come before, so a cell may be large enough to show.)"""

import time

from deploy.local import scenario
from figures.suppression import DEFAULT_THRESHOLD
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
    cells = [cell for row in table.rows for cell in (*row.cells, row.total)]
    assert any(cell.suppressed or cell.value for cell in cells)
    shown = [cell.value for cell in cells if not cell.suppressed]
    assert all(value == 0 or value >= DEFAULT_THRESHOLD for value in shown)
