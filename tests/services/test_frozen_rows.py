"""kaizen.services.frozen_rows: a frozen dataclass built through its fast maker is the same
instance its constructor gives, and stays frozen.

Source: the Python 3.11 documentation, ``dataclasses`` ("Frozen instances": assigning to a field
of a frozen instance raises ``FrozenInstanceError``; equality and hashing from the fields) and the
data model ("__class__ assignment" is allowed between classes of the same layout).
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass

import pytest

from kaizen.services.frozen_rows import frozen_maker


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    name: str
    note: str | None = None
    count: int = 0


def test_the_maker_gives_what_the_constructor_gives() -> None:
    make = frozen_maker(Row)
    for args, kwargs in (((1, "a"), {}), ((2, "b", "n", 3), {}), ((3, "c"), {"count": 7})):
        made, built = make(*args, **kwargs), Row(*args, **kwargs)
        assert type(made) is Row
        assert made == built
        assert hash(made) == hash(built)
        assert repr(made) == repr(built)
        assert pickle.loads(pickle.dumps(made)) == built
        assert dataclasses.replace(made, name="z") == dataclasses.replace(built, name="z")


def test_what_the_maker_gives_refuses_changes() -> None:
    made = frozen_maker(Row)(1, "a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.note  # type: ignore[misc]
    assert made.name == "a"


def test_the_maker_checks_its_arguments_as_the_constructor_does() -> None:
    make = frozen_maker(Row)
    with pytest.raises(TypeError):
        make(1)  # the name is missing
    with pytest.raises(TypeError):
        make(1, "a", colour="red")


@dataclass(slots=True)
class Unfrozen:
    id: int


@dataclass(frozen=True)
class NoSlots:
    id: int


@dataclass(frozen=True, slots=True)
class Listed:
    items: list[int] = dataclasses.field(default_factory=list)


@pytest.mark.parametrize("cls", [Unfrozen, NoSlots, Listed])
def test_a_class_it_cannot_serve_is_refused(cls: type) -> None:
    with pytest.raises(TypeError):
        frozen_maker(cls)
