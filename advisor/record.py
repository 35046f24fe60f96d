"""Records: dataclasses whose methods are shared, not compiled when their module is imported.

`@dataclass(frozen=True)` writes the source of six methods a class (`__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__`, `__delattr__`) and compiles each with `exec()` while the module is imported: about
1 ms a class on this project's machines, 25 ms of every `plan` run before it could read its answers. `record`
declares the same class without compiling anything: its fields are `dataclasses.Field`s (so
`dataclasses.fields`, `replace` and `asdict` work, and `field(default_factory=...)` and `kw_only` mean what
they mean there), mypy reads it as a dataclass through `dataclass_transform`, and its methods are closures
over its fields. Its `__init__` puts the values straight into the object's `__dict__` (where
`object.__setattr__` would put them one by one), about as fast as the generated one.

What a record does not do: ClassVar, InitVar and KW_ONLY annotations are refused; `inspect.signature` of a
record reads `(*args, **kwargs)`; a `@dataclass` cannot subclass a record (declare the subclass a record).
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")
_MISSING: Any = dataclasses.MISSING
_FIELDS = "__dataclass_fields__"


@dataclasses.dataclass(init=False, repr=False, eq=False)  # no methods to compile
class _Reference:
    """A docstring, so that dataclass does not write one from inspect.signature (which tokenizes: 4 ms)."""

    one: int


# How dataclasses marks a field (not a ClassVar or InitVar), read from a class it declared itself.
_FIELD_KIND = dataclasses.fields(_Reference)[0]._field_type  # type: ignore[attr-defined]


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(*, frozen: bool = True, kw_only: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(
    cls: type[_T] | None = None, /, *, frozen: bool = True, kw_only: bool = False
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """Make `cls` a dataclass (frozen unless `frozen=False`) without generating its methods' source."""

    def wrap(cls: type[_T]) -> type[_T]:
        fields = _declared_fields(cls, kw_only)
        if not cls.__doc__:  # what dataclass writes: the class's name and its fields
            cls.__doc__ = f"{cls.__name__}({', '.join(f'{f.name}: {f.type}' for f in fields)})"
        methods: dict[str, Callable[..., Any] | None] = {"__init__": _init(cls, fields)}
        methods.update(_compare_and_show(fields))
        methods.update(
            _frozen(cls, fields) if frozen else {"__hash__": None}
        )  # mutable: unhashable, as dataclass
        for name, method in methods.items():
            if cls.__dict__.get(name) is not None:
                continue  # the class's own, kept as dataclass keeps it
            if method is not None:
                method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
        if "__match_args__" not in cls.__dict__:
            setattr(cls, "__match_args__", tuple(f.name for f in fields if f.init and not f.kw_only))  # noqa: B010
        return cls

    return wrap if cls is None else wrap(cls)


def _declared_fields(cls: type[Any], kw_only: bool) -> tuple[dataclasses.Field[Any], ...]:
    """The class's fields as `dataclasses.fields` reads them, its bases' first; class attributes hold the
    defaults, as dataclass leaves them. Dataclass's own reading took 0.1 ms a class, mostly matching each
    annotation against ClassVar, InitVar and KW_ONLY, none of which a record uses: they are refused."""
    found: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(base.__dict__.get(_FIELDS, {}))
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - as dataclasses reads them
    for name, annotation in own.items():
        written = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if written.partition("[")[0].rpartition(".")[2] in ("ClassVar", "InitVar", "KW_ONLY"):
            raise TypeError(f"{cls.__qualname__}.{name}: a record has no ClassVar, InitVar or KW_ONLY")
        value = cls.__dict__.get(name, _MISSING)
        declared: dataclasses.Field[Any] = (
            value if isinstance(value, dataclasses.Field) else dataclasses.field(default=value)
        )
        if declared.default.__class__.__hash__ is None:  # a list, dict or set shared by every object
            raise ValueError(f"mutable default {type(declared.default)} for field {name} is not allowed")
        declared.name, declared.type = name, annotation
        declared._field_type = _FIELD_KIND  # type: ignore[attr-defined]  # the mark dataclasses.fields keeps
        if declared.kw_only is _MISSING:
            declared.kw_only = kw_only
        found[name] = declared
        if isinstance(value, dataclasses.Field):  # the class attribute is the default, or none
            if declared.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, declared.default)
    setattr(cls, _FIELDS, found)
    fields = tuple(found.values())
    _check_order(cls, fields)
    return fields


def _check_order(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """A field without a default after one with a default would be a wrong signature, as dataclass says."""
    defaulted = False
    for f in fields:
        if not f.init or f.kw_only:
            continue
        if f.default is _MISSING and f.default_factory is _MISSING:
            if defaulted:
                raise TypeError(
                    f"{cls.__qualname__}: non-default argument {f.name!r} follows default argument"
                )
        else:
            defaulted = True


def _init(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """`__init__`: positional fields in order, keyword-only ones by name, then defaults and factories. The
    values go straight into the object's `__dict__`, where `object.__setattr__` would put them one by one."""
    title = cls.__qualname__
    positional = tuple(f.name for f in fields if f.init and not f.kw_only)
    accepted = frozenset(f.name for f in fields if f.init)
    fixed = {f.name: f.default for f in fields if f.default is not _MISSING}
    made: tuple[tuple[str, Any], ...] = tuple(
        (f.name, f.default_factory) for f in fields if f.default_factory is not _MISSING
    )
    required = tuple(
        f.name for f in fields if f.init and f.name not in fixed and f.default_factory is _MISSING
    )
    post_init = getattr(cls, "__post_init__", None)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args or not accepted.issuperset(kwargs):
            kwargs = _given(title, positional, accepted, args, kwargs)
        missing = [name for name in required if name not in kwargs]
        if missing:
            raise TypeError(f"{title}() missing required argument: {missing[0]!r}")
        values = {**fixed, **kwargs}
        for name, factory in made:
            if name not in kwargs:
                values[name] = factory()
        self.__dict__.update(values)
        if post_init is not None:
            post_init(self)

    return __init__


def _given(
    title: str,
    positional: tuple[str, ...],
    accepted: frozenset[str],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> dict[str, Any]:
    """The arguments of one call by field name, refused as Python refuses a wrong call."""
    if len(args) > len(positional):
        raise TypeError(f"{title}() takes {len(positional)} positional arguments but {len(args)} were given")
    given = dict(zip(positional, args, strict=False))
    for name, value in kwargs.items():
        if name not in accepted:
            raise TypeError(f"{title}() got an unexpected keyword argument {name!r}")
        if name in given:
            raise TypeError(f"{title}() got multiple values for argument {name!r}")
        given[name] = value
    return given


def _compare_and_show(fields: tuple[dataclasses.Field[Any], ...]) -> dict[str, Callable[..., Any]]:
    """`__eq__` over the compared fields, as a tuple, and `__repr__` of the shown ones."""
    values = _values_of(tuple(f.name for f in fields if f.compare))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values(self) == values(other))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({values})"

    return {"__eq__": __eq__, "__repr__": __repr__}


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of an object's values of `names`, read in C (as fast as dataclass's generated tuple)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda _obj: ()


def _frozen(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> dict[str, Callable[..., Any]]:
    """`__hash__` over the hashed fields (the compared ones unless a field says otherwise); assigning or
    deleting a field refused, and any attribute of the record's own class (a subclass may add its own)."""
    values = _values_of(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    names = frozenset(f.name for f in fields)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    return {"__hash__": __hash__, "__setattr__": __setattr__, "__delattr__": __delattr__}
