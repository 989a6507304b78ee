"""A process is SERVING only while every one of its checks passes; a check that
fails, raises or hangs makes it NOT_SERVING, and the log names that check."""

import logging
import threading

from services.common.health import NOT_SERVING, SERVING, Checks


def test_serving_only_while_every_check_passes(caplog):
    database_up = threading.Event()
    database_up.set()
    checks = Checks(
        {"event store": database_up.is_set, "broker": lambda: True}, logging.getLogger("t")
    )
    with caplog.at_level(logging.INFO):
        assert checks.evaluate() == SERVING
        database_up.clear()
        assert checks.evaluate() == NOT_SERVING
        assert checks.evaluate() == NOT_SERVING  # no change, no line
        database_up.set()
        assert checks.evaluate() == SERVING
    changes = [(r.fields["status"], r.fields["failing"]) for r in caplog.records]
    assert changes == [("SERVING", []), ("NOT_SERVING", ["event store"]), ("SERVING", [])]
    checks.close()


def test_a_check_that_raises_or_hangs_has_failed():
    release = threading.Event()

    def unreachable() -> bool:
        raise OSError("connection refused")

    def hangs() -> bool:
        release.wait(30)
        return True

    checks = Checks({"raises": unreachable, "hangs": hangs}, logging.getLogger("t"))
    try:
        assert checks.failing() == ["raises", "hangs"]
    finally:
        release.set()
        checks.close()
