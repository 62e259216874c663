"""Many frozen dataclass instances at the price of plain ones, for reads that return thousands.

The services return frozen dataclasses (docs/architecture.md). On Python 3.11 a frozen
dataclass's generated ``__init__`` sets each field through ``object.__setattr__`` (a frozen
class's own ``__setattr__`` refuses), which costs about ten times a plain class's attribute
store: measured 4-6 us for the board's 16-field ``CardInfo`` against 0.3-0.5 us unfrozen, so a
board of 2,000 cards spent more on building its cards than on its whole SQL.

:func:`frozen_maker` builds an instance as a plain (unfrozen) twin with the same slots and then
gives it the frozen class, one ``__class__`` assignment, which CPython allows between classes of
the same slot layout. What comes out is an ordinary instance of the frozen class: equal to,
hashed and printed like one built by its constructor, and refusing any change afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")
_SET = object.__setattr__


def frozen_maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of the frozen, slotted dataclass ``cls`` taking the same arguments as
    ``cls`` (defaults included), several times faster. Refuses a class it cannot serve."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    if cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__} has base classes; its slot layout may differ")
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default) if f.default is not
         dataclasses.MISSING else dataclasses.field())
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    ]
    if any(f.default_factory is not dataclasses.MISSING
           for f in dataclasses.fields(cls)):  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__} has default factories; not supported")
    twin: Any = dataclasses.make_dataclass(f"_{cls.__name__}Draft", fields, slots=True,
                                           eq=False, repr=False)
    if twin.__slots__ != cls.__dict__["__slots__"]:
        raise TypeError(f"{cls.__name__}'s slots are not its fields in order")

    def make(*args: Any, **kwargs: Any) -> _T:
        instance = twin(*args, **kwargs)
        _SET(instance, "__class__", cls)
        return instance  # type: ignore[no-any-return]

    make.__doc__ = f"Build a frozen {cls.__name__} (see kaizen.services.frozen_rows)."
    return make
