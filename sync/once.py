"""``computed_once``: a cached property without the lock of ``functools.cached_property``.

Python 3.11's ``cached_property`` takes a lock on every first access; a changeset's
hot properties (its stream id, its clock text, its canonical text, whether its hash
is right) are each read first once per changeset, and on a one-change-per-changeset
import those locks cost a tenth of the time.  Like ``cached_property`` (and like its
Python 3.12 form, which dropped the lock) the value is stored in the instance's
``__dict__`` on first access, where later reads find it without calling anything.
Two threads racing on a first access both compute the same value; these are pure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class computed_once(Generic[T]):  # noqa: N801  # named like the decorator it replaces
    """Compute on first access, then keep in the instance (frozen dataclasses too)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> computed_once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | computed_once[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value
