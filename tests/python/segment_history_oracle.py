"""An independent implementation of the profile contract's "Segment history and movement".

Plain Python, written from the spec's sentences and nothing else, to check the dbt models
against: a store's recorded values per date, the recording rule, and the four movement
fields. It takes each build's tracked values (rfm_group, lifetime rfm_segment per email)
as the build computed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Value = tuple[str, str | None]  # (rfm_group, rfm_segment); a prospect's segment is None


@dataclass
class Movement:
    rfm_segment_previous: str | None
    rfm_segment_since: dt.date
    rfm_group_previous: str | None
    rfm_group_since: dt.date


@dataclass
class History:
    #: recorded date -> {email: value}: "every customer of D with its tracked value"
    recorded: dict[dt.date, dict[str, Value]] = field(default_factory=dict)

    def build(self, as_of: dt.date, values: dict[str, Value]) -> dict[str, Movement]:
        """A build for as_of: the four fields of every customer, then the recording rule."""
        fields = {email: self.movement(email, as_of, value) for email, value in values.items()}
        # "A build records its as-of date D when D is later than or equal to the latest
        # recorded date [...] (a rebuild for the latest recorded date replaces that date's
        # record). A build for an earlier D (a backfill) records nothing."
        # "A date at which the store had no customer leaves no record" (our decision).
        if values and (not self.recorded or as_of >= max(self.recorded)):
            self.recorded[as_of] = dict(values)
        return fields

    def movement(self, email: str, as_of: dt.date, value: Value) -> Movement:
        # "take the recorded dates strictly before D at which c appears, then D itself"
        sequence = [(day, self.recorded[day][email]) for day in sorted(self.recorded)
                    if day < as_of and email in self.recorded[day]]
        sequence.append((as_of, value))
        segment_since, segment_previous = _since(sequence, lambda v: v[1])
        group_since, group_previous = _since(sequence, lambda v: v[0])
        return Movement(segment_previous, segment_since, group_previous, group_since)


def _since(sequence: list[tuple[dt.date, Value]], part) -> tuple[dt.date, str | None]:
    """since: the earliest d such that the value is the same at d and every date after it;
    previous: the value at the latest date before since, None when there is none."""
    last = part(sequence[-1][1])
    index = len(sequence) - 1
    while index > 0 and part(sequence[index - 1][1]) == last:
        index -= 1
    previous = part(sequence[index - 1][1]) if index > 0 else None
    return sequence[index][0], previous


def changed_today(fields: dict[str, Movement], as_of: dt.date,
                  history_before: History) -> tuple[int, int]:
    """(changed segment, changed group): customers whose value at as_of differs from their
    value at their latest earlier record (a new customer has none)."""
    segment = group = 0
    for email, movement in fields.items():
        earlier = [d for d in history_before.recorded
                   if d < as_of and email in history_before.recorded[d]]
        if not earlier:
            continue
        segment += movement.rfm_segment_since == as_of
        group += movement.rfm_group_since == as_of
    return segment, group
