"""``once``: an attribute computed on first access and kept on the instance.

``functools.cached_property`` does the same but, in Python 3.11, takes a lock on every first access; an
evaluation runs on one thread and its working is made fresh for each person, so the lock buys nothing
and costs a little on each of the few dozen values a person's rules share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, overload

Owner = TypeVar("Owner")
T = TypeVar("T")


class once(Generic[Owner, T]):
    """A non-data descriptor: the first access computes ``fn(instance)`` and stores it in the instance's
    ``__dict__`` under the same name, where later accesses find it without calling the descriptor."""

    def __init__(self, fn: Callable[[Owner], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, instance: Owner, owner: type[Any] | None = None) -> T: ...

    def __get__(self, instance: Owner | None, owner: type[Any] | None = None) -> T | Self:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.fn(instance)
        return value
