"""Working days, for the landlords' response standard (acknowledge and risk-assess
a report within one working day of receiving it) and a MARAC agenda's default
cut-off (some working days before the meeting).

Working days are Monday to Friday except the bank holidays of England and Wales,
taken from the maintained `holidays` library (its calendar for England, which
England and Wales share, including one-off days such as a state funeral). Days and
times are read on the clock in England (Europe/London, GMT or BST).

"Within one working day" is the earliest moment at which one whole working day
has passed since the report was received, counting only time on working days:

- received at a time T on a working day: due at T on the next working day
  (Friday 15:00 is due Monday 15:00; Thursday before Easter is due Tuesday);
- received on a weekend or bank holiday: the clock starts at the start of the
  next working day, so it is due at the end of that day (midnight);
- received at exactly midnight starting a working day: due at the end of that day.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

ENGLAND = ZoneInfo("Europe/London")
MIDNIGHT = time(0)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day`."""
    for _ in range(count):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return day


def one_working_day_after(received_at: datetime) -> datetime:
    """When a response to a report received at `received_at` is due (in UTC)."""
    local = received_at.astimezone(ENGLAND)
    if is_working_day(local.date()):
        start = local
    else:
        start = datetime.combine(next_working_day(local.date()), MIDNIGHT, ENGLAND)
    if start.time() == MIDNIGHT:
        # The whole of that working day.
        due = datetime.combine(start.date() + timedelta(days=1), MIDNIGHT, ENGLAND)
    else:
        due = datetime.combine(next_working_day(start.date()), start.time(), ENGLAND)
    return due.astimezone(UTC)
