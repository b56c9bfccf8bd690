"""``computed_once`` computes a property once per instance, frozen dataclasses too."""

from __future__ import annotations

import dataclasses

from regsync.sync.once import computed_once


@dataclasses.dataclass(frozen=True)
class Counted:
    base: int
    calls: list[int] = dataclasses.field(default_factory=list)

    @computed_once
    def doubled(self) -> int:
        """Twice the base."""
        self.calls.append(self.base)
        return 2 * self.base


def test_the_value_is_computed_on_first_access_and_then_kept() -> None:
    one, two = Counted(3), Counted(5)
    assert (one.doubled, one.doubled, two.doubled) == (6, 6, 10)
    assert (one.calls, two.calls) == ([3], [5])
    assert isinstance(Counted.doubled, computed_once)
    assert Counted.doubled.__doc__ == "Twice the base."
