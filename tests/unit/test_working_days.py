"""The one-working-day response standard, counted on working days in England:
weekends and the bank holidays of England and Wales do not count."""

from datetime import UTC, date, datetime

import pytest

from services.common.working_days import (
    ENGLAND,
    is_working_day,
    one_working_day_after,
    working_days_before,
)


def in_england(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ENGLAND)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # A working day: the same time on the next working day.
        (in_england(2026, 3, 10, 9, 30), in_england(2026, 3, 11, 9, 30)),
        # Friday afternoon: Monday afternoon.
        (in_england(2026, 3, 13, 15, 0), in_england(2026, 3, 16, 15, 0)),
        # Thursday before Easter: Good Friday and Easter Monday are bank holidays.
        (in_england(2026, 4, 2, 15, 0), in_england(2026, 4, 7, 15, 0)),
        # Christmas Eve (a Thursday): Christmas Day, the weekend and Boxing Day
        # observed on Monday 28th do not count.
        (in_england(2026, 12, 24, 10, 0), in_england(2026, 12, 29, 10, 0)),
        # New Year's Eve: New Year's Day (Friday) and the weekend do not count.
        (in_england(2026, 12, 31, 16, 0), in_england(2027, 1, 4, 16, 0)),
        # Saturday: the clock starts on Monday, due by the end of Monday.
        (in_england(2026, 3, 7, 11, 0), in_england(2026, 3, 10, 0, 0)),
        # On a bank holiday (Good Friday): due by the end of Tuesday.
        (in_england(2026, 4, 3, 10, 0), in_england(2026, 4, 8, 0, 0)),
        # Sunday before the spring bank holiday: due by the end of Tuesday.
        (in_england(2026, 5, 24, 20, 0), in_england(2026, 5, 27, 0, 0)),
        # Exactly midnight starting a working day: the whole of that day.
        (in_england(2026, 3, 13, 0, 0), in_england(2026, 3, 14, 0, 0)),
        # A one-off bank holiday (the Queen's state funeral, Monday 19 September 2022).
        (in_england(2022, 9, 16, 12, 0), in_england(2022, 9, 20, 12, 0)),
    ],
)
def test_a_report_is_due_one_working_day_after_it_was_received(received, due):
    assert one_working_day_after(received) == due.astimezone(UTC)


def test_the_due_time_is_read_on_the_clock_in_england_across_a_clock_change():
    # Friday 27 March 2026 15:00 GMT; clocks go forward on Sunday 29th.
    received = datetime(2026, 3, 27, 15, 0, tzinfo=UTC)
    assert one_working_day_after(received) == datetime(2026, 3, 30, 14, 0, tzinfo=UTC)


def test_the_calendar_is_england_and_wales_not_scotland():
    assert not is_working_day(date(2026, 8, 31))  # late summer bank holiday (E&W)
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day observed
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday
    assert is_working_day(date(2026, 1, 2))  # Scotland's 2nd January
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day


def test_working_days_before_skip_weekends_and_bank_holidays():
    # Tuesday 29 December 2026: Monday 28 (Boxing Day substitute) and Friday 25 are
    # bank holidays, so three working days before it is Tuesday 22.
    assert working_days_before(date(2026, 12, 29), 1) == date(2026, 12, 24)
    assert working_days_before(date(2026, 12, 29), 3) == date(2026, 12, 22)
    assert working_days_before(date(2026, 12, 7), 5) == date(2026, 11, 30)
