"""`record` behaves as `dataclass(frozen=True)` does, without compiling methods when a class is declared."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.record import record


def _pair(**options: Any) -> tuple[type[Any], type[Any]]:
    """The same class declared as a dataclass and as a record."""

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"name": "str", "port": "int", "hosts": "list[str]", "note": "str | None"},
            "port": 25,
            "hosts": dataclasses.field(default_factory=list),
            "note": dataclasses.field(default=None, compare=False, repr=False),
        }

    frozen = options.pop("frozen", True)
    plain = dataclasses.dataclass(frozen=frozen, **options)(type("Connector", (), body()))
    made = record(frozen=frozen, **options)(type("Connector", (), body()))
    return plain, made


def _outcome(cls: type[Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    try:
        made = cls(*args, **kwargs)
    except TypeError:
        return ("TypeError", None)
    return ("made", (repr(made), dataclasses.asdict(made)))


CALLS = [
    ((), {}),
    (("mx",), {}),
    (("mx", 587), {}),
    (("mx", 587, ["a"], "n"), {}),
    (("mx", 587, ["a"], "n", "extra"), {}),
    (("mx",), {"port": 2}),
    (("mx",), {"name": "twice"}),
    ((), {"name": "mx", "hosts": ["b"]}),
    ((), {"name": "mx", "unknown": 1}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
@pytest.mark.parametrize("kw_only", [False, True])
def test_calls_are_taken_and_refused_as_a_dataclass_takes_them(
    args: tuple[Any, ...], kwargs: dict[str, Any], kw_only: bool
) -> None:
    plain, made = _pair(kw_only=kw_only)
    assert _outcome(made, *args, **kwargs) == _outcome(plain, *args, **kwargs)


@given(
    st.text(max_size=5),
    st.integers(),
    st.lists(st.text(max_size=3), max_size=2),
    st.text(max_size=5),
    st.text(max_size=5),
)
def test_equality_hash_and_repr_match_a_dataclass(
    name: str, port: int, hosts: list[str], a: str, b: str
) -> None:
    plain, made = _pair()
    first, second = made(name, port, hosts, a), made(name, port, list(hosts), b)
    assert (first == second) == (plain(name, port, hosts, a) == plain(name, port, list(hosts), b))
    assert first == second  # `note` is not compared
    assert first != plain(name, port, hosts, a)  # another class is never equal
    assert repr(first) == repr(plain(name, port, hosts, a))
    tupled = made(name, port, (), a)
    assert hash(tupled) == hash(made(name, port, (), b))
    with pytest.raises(TypeError):  # a list inside: unhashable, as a dataclass
        hash(made(name, port, ["x"], a))


def test_frozen_fields_replace_asdict_copy_and_pickle() -> None:
    _, made = _pair()
    one = made("mx", hosts=["a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.port = 26
    with pytest.raises(dataclasses.FrozenInstanceError):
        del one.name
    assert [f.name for f in dataclasses.fields(one)] == ["name", "port", "hosts", "note"]
    assert dataclasses.is_dataclass(made)
    assert dataclasses.replace(one, port=587) == made("mx", 587, ["a"])
    assert dataclasses.asdict(one) == {"name": "mx", "port": 25, "hosts": ["a"], "note": None}
    assert made("mx").hosts is not made("mx").hosts  # a fresh list each time
    assert copy.deepcopy(one) == one
    assert made.__match_args__ == ("name", "port", "hosts", "note")
    assert made.__init__.__qualname__ == "Connector.__init__"


def test_pickled_records_come_back_equal() -> None:
    from advisor.model.plan import Step

    step = Step("Create the connector", "In the admin center.")
    assert pickle.loads(pickle.dumps(step)) == step


def test_a_mutable_record_is_unhashable_and_runs_post_init() -> None:
    @record(frozen=False)
    class Counter:
        start: int
        seen: list[int] = dataclasses.field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.start)

    counter = Counter(3)
    counter.start = 4
    assert counter.seen == [3]
    assert counter.start == 4
    with pytest.raises(TypeError):
        hash(counter)


def test_a_class_keeps_its_own_methods() -> None:
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>"


def test_declaring_a_record_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes records fast to declare: dataclass would exec() the source of six methods here."""
    compiled: list[object] = []
    real_exec = builtins.exec

    def watched(*args: Any, **kwargs: Any) -> None:
        compiled.append(args[0])
        real_exec(*args, **kwargs)

    monkeypatch.setattr(builtins, "exec", watched)
    _pair()  # the dataclass of the pair compiles its methods: the watch works
    assert compiled
    compiled.clear()
    record(type("Plain", (), {"__annotations__": {"a": "int", "b": "str"}, "b": ""}))
    record(kw_only=True)(type("Keyed", (), {"__annotations__": {"a": "int"}}))
    assert compiled == []


def test_an_undocumented_record_is_documented_by_its_fields() -> None:
    _, made = _pair()
    assert made.__doc__ == "Connector(name: str, port: int, hosts: list[str], note: str | None)"


def test_fields_are_read_as_dataclass_reads_them() -> None:
    plain, made = _pair()
    assert [(f.name, f.type, f.default, f.compare, f.kw_only) for f in dataclasses.fields(made)] == [
        (f.name, f.type, f.default, f.compare, f.kw_only) for f in dataclasses.fields(plain)
    ]
    assert made.port == plain.port == 25  # the default stays a class attribute
    assert made.note is None
    assert not hasattr(made, "hosts")  # a factory leaves none
    keyed_plain, keyed = _pair(kw_only=True)
    assert [f.kw_only for f in dataclasses.fields(keyed)] == [
        f.kw_only for f in dataclasses.fields(keyed_plain)
    ]


@pytest.mark.parametrize(
    ("annotations", "attributes", "refused"),
    [
        ({"items": "list[str]"}, {"items": []}, ValueError),  # a mutable default shared by every object
        ({"a": "int", "b": "int"}, {"a": 1}, TypeError),  # no default after a default
        ({"count": "ClassVar[int]"}, {"count": 0}, TypeError),
        ({"seed": "dataclasses.InitVar[int]"}, {}, TypeError),
    ],
)
def test_what_a_record_cannot_be_is_refused(
    annotations: dict[str, str], attributes: dict[str, Any], refused: type[Exception]
) -> None:
    with pytest.raises(refused):
        record(type("Wrong", (), {"__annotations__": annotations, **attributes}))


def test_hashing_follows_each_fields_hash_and_a_subclass_may_add_attributes() -> None:
    def body() -> dict[str, Any]:
        return {
            "__annotations__": {"a": "int", "b": "int", "c": "int"},
            "b": dataclasses.field(default=0, hash=True, compare=False),
            "c": dataclasses.field(default=0, hash=False),
        }

    plain = dataclasses.dataclass(frozen=True)(type("H", (), body()))
    made = record(type("H", (), body()))
    for a, b, c in [(1, 2, 3), (1, 5, 3), (1, 2, 9)]:
        assert hash(made(a, b, c)) == hash(plain(a, b, c))

    class Extended(made):  # type: ignore[misc, valid-type]
        pass

    extended = Extended(1)
    extended.note = "kept"  # as a dataclass allows in a subclass
    assert extended.note == "kept"
    with pytest.raises(dataclasses.FrozenInstanceError):
        extended.a = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        made(1).note = "refused"
