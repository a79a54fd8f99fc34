"""A typed JSON codec of the `LiveBlog` model: what the library stores instead of re-parsing.

Never pickle (loading a pickle runs code). The model's frozen dataclasses are written as JSON
arrays of their field values in field order, and read back by decoders built once from the
classes' type hints, which check every value's type: a stored model that does not fit the
model classes of this program raises `CodecError` (the library then re-parses the file).

Aware datetimes keep what the reader shows of them: the instant, the UTC offset and the zone
name (``21:56 BST``). They come back with a fixed-offset zone carrying that name, so they
compare equal to the parsed ones and display the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from functools import cache
from typing import Any, TypeVar

from parsers.model import LiveBlog, Update
from parsers.pipeline import collector_paused

CODEC_VERSION = 1  # bump when the encoding (not the model) changes

T = TypeVar("T")
Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """A stored model does not decode into this program's model classes."""


class FixedZone(tzinfo):
    """A fixed UTC offset with the zone name the parsed datetime showed (None when it had none)."""

    __slots__ = ("_name", "_offset")

    def __init__(self, offset: timedelta, name: str | None) -> None:
        self._offset = offset
        self._name = name

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._offset

    def tzname(self, dt: datetime | None) -> str | None:
        return self._name

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def __repr__(self) -> str:
        return f"FixedZone({self._offset!r}, {self._name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FixedZone):
            return NotImplemented
        return (self._offset, self._name) == (other._offset, other._name)

    def __hash__(self) -> int:
        return hash((self._offset, self._name))


@cache
def _zone(offset_seconds: float, name: str | None) -> FixedZone:
    return FixedZone(timedelta(seconds=offset_seconds), name)


def encode_datetime(value: datetime) -> str:
    """Return `value` as ISO 8601 text, followed by ``|name`` when it is aware and its zone has a name."""
    text = value.isoformat()
    if value.tzinfo is None:
        return text
    name = value.tzname()
    return text if name is None else f"{text}|{name}"


def decode_datetime(value: object) -> datetime:
    """Return the datetime `encode_datetime` wrote. Raises `CodecError` for anything else."""
    if not isinstance(value, str):
        raise CodecError(f"expected a datetime string, got {type(value).__name__}")
    text, bar, name = value.partition("|")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise CodecError(f"not an ISO datetime: {text[:40]!r}") from None
    offset = parsed.utcoffset()
    if offset is None:
        if bar:
            raise CodecError("a naive datetime with a zone name")
        return parsed
    return parsed.replace(tzinfo=_zone(offset.total_seconds(), name if bar else None))


def _check(kind: type) -> Decoder:
    def decode(value: object) -> object:
        if type(value) is not kind:
            raise CodecError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return decode


def _build(hint: object, hints_of: Callable[[type], dict[str, Any]]) -> tuple[Encoder, Decoder]:
    """Return (encoder, decoder) for one type hint of the model."""
    origin = typing.get_origin(hint)
    if hint in (str, int, bool, float):
        return (lambda v: v), _check(typing.cast(type, hint))
    if hint is datetime:
        return encode_datetime, decode_datetime
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {hint!r}")
        inner_encode, inner_decode = _build(args[0], hints_of)
        return (lambda v: None if v is None else inner_encode(v)), (
            lambda v: None if v is None else inner_decode(v)
        )
    if origin is tuple:
        items = typing.get_args(hint)
        if len(items) != 2 or items[1] is not Ellipsis:
            raise TypeError(f"unsupported tuple {hint!r}")
        item = items[0]
        if item is str:  # the common case, without a call per item
            def decode_strs(value: object) -> tuple[str, ...]:
                if type(value) is not list or not all(type(v) is str for v in value):
                    raise CodecError("expected a list of strings")
                return tuple(value)

            return list, decode_strs
        item_encode, item_decode = _build(item, hints_of)

        def decode_tuple(value: object) -> tuple[object, ...]:
            if type(value) is not list:
                raise CodecError(f"expected a list, got {type(value).__name__}")
            return tuple(map(item_decode, value))

        return (lambda v: [item_encode(x) for x in v]), decode_tuple
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_codec(hint, hints_of)
    raise TypeError(f"unsupported type in the model: {hint!r}")


def _dataclass_codec(cls: type, hints_of: Callable[[type], dict[str, Any]]) -> tuple[Encoder, Decoder]:
    """Return (encoder, decoder) of a dataclass as a JSON array of its fields in order."""
    hints = hints_of(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    pairs = [_build(hints[name], hints_of) for name in names]
    encoders = [p[0] for p in pairs]
    decoders = [p[1] for p in pairs]
    getters = [_getter(name) for name in names]
    count = len(names)

    def encode(value: object) -> list[object]:
        return [enc(get(value)) for enc, get in zip(encoders, getters, strict=True)]

    def decode(value: object) -> object:
        if type(value) is not list or len(value) != count:
            raise CodecError(f"expected a {cls.__name__} as a list of {count} fields")
        return cls(*[dec(v) for dec, v in zip(decoders, value, strict=True)])

    return encode, decode


def _getter(name: str) -> Callable[[object], object]:
    return lambda obj: getattr(obj, name)


def _model_hints(cls: type) -> dict[str, Any]:
    import parsers.model as model_module

    # Module names as locals too: `Update` has a field named `datetime` that would shadow the type.
    return typing.get_type_hints(cls, vars(model_module), vars(model_module))


@cache
def _blog_codec() -> tuple[Encoder, Decoder]:
    return _build(LiveBlog, _model_hints)


def _classes_in(hint: object) -> list[type]:
    """Return the dataclasses named anywhere inside a type hint."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return [hint]
    return [cls for arg in typing.get_args(hint) for cls in _classes_in(arg)]


@cache
def model_fingerprint() -> str:
    """Return a short hash of the model's classes, their fields and types, and this codec's version.

    A stored model is only reused by a program whose fingerprint is the same.
    """
    lines = [f"codec {CODEC_VERSION}"]
    pending: list[type] = [LiveBlog]
    done: set[type] = set()
    while pending:
        cls = pending.pop(0)
        if cls in done:
            continue
        done.add(cls)
        hints = _model_hints(cls)
        for field in dataclasses.fields(cls):
            lines.append(f"{cls.__name__}.{field.name}: {hints[field.name]!r}")
            pending += _classes_in(hints[field.name])
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=8).hexdigest()


def _compact_json(value: object) -> bytes:
    """Return `value` as compact UTF-8 JSON."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a path that is not UTF-8 (lone surrogates): JSON escapes keep them exactly
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _parse_json(data: bytes | str) -> Any:
    """Return the value of JSON `data`. Raises `CodecError` when it is not JSON (or nested too deeply)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"not JSON: {exc.__class__.__name__}") from None


def encode_blog(blog: LiveBlog) -> bytes:
    """Return `blog` as compact UTF-8 JSON (an array per dataclass, fields in order)."""
    encode, _ = _blog_codec()
    return _compact_json(encode(blog))


def decode_blog(data: bytes | str) -> LiveBlog:
    """Return the `LiveBlog` that `encode_blog` wrote. Raises `CodecError` when it does not fit the model."""
    _, decode = _blog_codec()
    with collector_paused():
        blog = decode(_parse_json(data))
    assert isinstance(blog, LiveBlog)
    return blog


# What enrichment adds to a parsed blog (`parsers.enrich.run.enrich_steps`, and the warning of
# `parsers.pipeline.enrich_blog_steps`): per update, and for the blog.
ENRICHED_UPDATE_FIELDS = ("quotes", "speakers", "topics")
ENRICHED_BLOG_FIELDS = ("warnings", "suggested_topics", "language")


@cache
def _enrichment_codecs() -> tuple[list[tuple[Encoder, Decoder]], list[tuple[Encoder, Decoder]]]:
    update_hints, blog_hints = _model_hints(Update), _model_hints(LiveBlog)
    return ([_build(update_hints[name], _model_hints) for name in ENRICHED_UPDATE_FIELDS],
            [_build(blog_hints[name], _model_hints) for name in ENRICHED_BLOG_FIELDS])


@cache
def _update_layout() -> tuple[Callable[[Update], tuple[Any, ...]], list[int]]:
    """Return a getter of all an update's fields in order (positional for `Update`), and where the
    enrichment fields stand among them."""
    names = [field.name for field in dataclasses.fields(Update)]
    return operator.attrgetter(*names), [names.index(name) for name in ENRICHED_UPDATE_FIELDS]


def _with_enrichment(parsed: LiveBlog, per_update: list[list[Any]], blog_values: list[Any]) -> LiveBlog:
    """Return `parsed` with the enrichment fields of its updates and of itself set to the values given."""
    fields_of, slots = _update_layout()
    updates = []
    for update, values in zip(parsed.updates, per_update, strict=True):
        fields = list(fields_of(update))
        for slot, value in zip(slots, values, strict=True):
            fields[slot] = value
        updates.append(Update(*fields))  # positionally: `dataclasses.replace` looks up every field by name
    return dataclasses.replace(parsed, updates=tuple(updates),
                               **dict(zip(ENRICHED_BLOG_FIELDS, blog_values, strict=True)))


def encode_enrichment(parsed: LiveBlog, enriched: LiveBlog) -> bytes | None:
    """Return what enrichment added to `parsed` to make `enriched` (the `ENRICHED_*_FIELDS`) as compact
    JSON, or None when `enriched` differs from `parsed` in anything else (then send it whole).

    Why: the reader holds the parsed blog already; the enrichment alone is a fraction of the whole
    blog to write here and to decode there (a 10,000-update blog: most of a quarter second).
    """
    if len(parsed.updates) != len(enriched.updates):
        return None
    per_update = [[getattr(update, name) for name in ENRICHED_UPDATE_FIELDS] for update in enriched.updates]
    blog_values = [getattr(enriched, name) for name in ENRICHED_BLOG_FIELDS]
    if _with_enrichment(parsed, per_update, blog_values) != enriched:
        return None
    update_codecs, blog_codecs = _enrichment_codecs()
    value = [
        [[encode(v) for (encode, _), v in zip(update_codecs, values, strict=True)] for values in per_update],
        [encode(v) for (encode, _), v in zip(blog_codecs, blog_values, strict=True)],
    ]
    return _compact_json(value)


def decode_enrichment(parsed: LiveBlog, data: bytes | str) -> LiveBlog:
    """Return `parsed` with the enrichment `encode_enrichment` wrote for it.

    Raises `CodecError` when `data` does not fit the model or does not have one entry per update.
    """
    with collector_paused():
        return _decode_enrichment(parsed, data)


def _decode_enrichment(parsed: LiveBlog, data: bytes | str) -> LiveBlog:
    """The work of `decode_enrichment`."""
    update_codecs, blog_codecs = _enrichment_codecs()
    raw = _parse_json(data)
    if type(raw) is not list or len(raw) != 2 or type(raw[0]) is not list or type(raw[1]) is not list \
            or len(raw[0]) != len(parsed.updates) or len(raw[1]) != len(blog_codecs):
        raise CodecError("expected the enrichment of this blog: one entry per update, then the blog's")
    per_update = []
    for values in raw[0]:
        if type(values) is not list or len(values) != len(update_codecs):
            raise CodecError("expected an update's enrichment as a list of its fields")
        per_update.append([decode(v) for (_, decode), v in zip(update_codecs, values, strict=True)])
    blog_values = [decode(v) for (_, decode), v in zip(blog_codecs, raw[1], strict=True)]
    return _with_enrichment(parsed, per_update, blog_values)
