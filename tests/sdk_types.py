"""Strict structural check of a JSON value against an official SDK's request types.

The SDKs describe request bodies as ``TypedDict``s. pydantic would accept unknown keys there;
this walk does not: every key must be declared, every ``Required`` key present, and each value
must fit its declared type (unions: some branch fits). Returns a list of problems.
"""

from __future__ import annotations

import collections.abc as cabc
import types
import typing
from typing import Any, Literal, NotRequired, Required, Union, get_args, get_origin

from typing_extensions import is_typeddict


def problems(value: Any, tp: Any, path: str = "$") -> list[str]:
    origin = get_origin(tp)
    if tp is Any or tp is object:
        return []
    if isinstance(tp, typing.TypeVar):
        return []
    if origin in (Required, NotRequired) or _is_annotated(tp):
        return problems(value, get_args(tp)[0], path)
    if tp is type(None) or tp is None:
        return [] if value is None else [f"{path}: expected null, got {value!r:.60}"]
    if origin in (Union, types.UnionType):
        branches = [problems(value, a, path) for a in get_args(tp)]
        if any(not b for b in branches):
            return []
        best = min(branches, key=len)
        return [f"{path}: fits no branch of {tp}; nearest: {best[:3]}"]
    if origin is Literal:
        return [] if value in get_args(tp) else [f"{path}: {value!r} not in {get_args(tp)}"]
    if is_typeddict(tp):
        return _typeddict(value, tp, path)
    if tp in (str,):
        return [] if isinstance(value, str) else [f"{path}: expected string, got {value!r:.60}"]
    if tp is bool:
        return [] if isinstance(value, bool) else [f"{path}: expected bool, got {value!r:.60}"]
    if tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected int, got {value!r:.60}"]
    if tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected number, got {value!r:.60}"]
    if origin in (dict, cabc.Mapping) or tp in (dict,):
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {value!r:.60}"]
        args = get_args(tp)
        if len(args) == 2:
            return [p for k, v in value.items() for p in problems(v, args[1], f"{path}.{k}")]
        return []
    if origin in (list, cabc.Iterable, cabc.Sequence) or tp in (list,) or _is_seq_alias(tp):
        if not isinstance(value, list):
            return [f"{path}: expected list, got {value!r:.60}"]
        args = get_args(tp)
        item = args[0] if args else Any
        return [p for i, v in enumerate(value) for p in problems(v, item, f"{path}[{i}]")]
    if isinstance(tp, type):
        return [] if isinstance(value, tp) else [f"{path}: expected {tp.__name__}"]
    return []  # a typing construct this check does not know: accepted


def _is_annotated(tp: Any) -> bool:
    return get_origin(tp) is typing.Annotated


def _is_seq_alias(tp: Any) -> bool:
    name = getattr(tp, "__name__", "") or getattr(get_origin(tp), "__name__", "")
    return name in ("SequenceNotStr",)


def _typeddict(value: Any, tp: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected object ({tp.__name__}), got {value!r:.60}"]
    hints = typing.get_type_hints(tp, include_extras=True)
    out = [f"{path}.{k}: not a field of {tp.__name__}" for k in value if k not in hints]
    # Required[...] read from the hints: with postponed annotations the class's own
    # __required_keys__ misses them
    required = set(getattr(tp, "__required_keys__", ()))
    required |= {k for k, h in hints.items() if get_origin(h) is Required}
    for k in sorted(required):
        if k not in value:
            out.append(f"{path}.{k}: required by {tp.__name__}")
    for k, v in value.items():
        if k in hints:
            out += problems(v, hints[k], f"{path}.{k}")
    return out
