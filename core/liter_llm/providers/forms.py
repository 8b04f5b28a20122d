"""Multipart bodies from JSON requests: the one convention for files in (audio, images,
uploads). Pure; the transport opens and streams ``path`` parts itself.

A file field of a request (``file``, ``image``, ``mask``) takes, in JSON (so every binding and
the C ABI can say it):

- ``"/path/to/audio.mp3"`` or ``{"path": "...", "filename"?, "content_type"?}``: streamed from
  disk by the transport, never read into memory here;
- ``{"data": "<base64>", "filename": "a.mp3", "content_type"?}``: bytes carried in the JSON.

The Python client also takes ``bytes``, ``os.PathLike``, a binary file object and a
``(filename, bytes | file, content_type)`` tuple (see ``client.file_field``).
"""

from __future__ import annotations

import base64
import binascii
import json
import mimetypes
import os
import stat
from collections.abc import Iterable, Mapping
from typing import Any

from .. import errors
from .base import FormPart

# The request fields that take files, across every endpoint.
FILE_FIELDS = ("file", "image", "mask")


def view(body: Mapping[str, Any]) -> dict[str, Any]:
    """A request as hooks and logs see it: each file by name, type and size, never its
    content (an upload is neither copied into a hook's JSON nor shown to it)."""
    out = dict(body)
    for k in FILE_FIELDS:
        if k in out:
            out[k] = _file_view(out[k])
    return out


def _file_view(v: Any) -> Any:
    if isinstance(v, list):
        return [_file_view(x) for x in v]
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"bytes": len(v)}
    if isinstance(v, Mapping):
        shown = {k: v[k] for k in ("path", "filename", "content_type") if k in v}
        data = v.get("data")
        if isinstance(data, (bytes, bytearray)):
            shown["bytes"] = len(data)
        elif isinstance(data, str):
            shown["bytes"] = len(data) * 3 // 4 - data[-2:].count("=")
        return shown
    if isinstance(v, (str, os.PathLike)):
        return {"path": os.fspath(v)}
    return {"file": type(v).__name__}


def _mime(filename: str | None) -> str:
    if filename:
        t, _ = mimetypes.guess_type(filename)
        if t:
            return t
    return "application/octet-stream"


def file_part(name: str, value: Any) -> FormPart:
    """A file field's part; ``invalid_argument`` naming the field when it is not one."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return FormPart(name, bytes(value), None, name, "application/octet-stream")
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        value = {"path": value}
    if not isinstance(value, Mapping):
        raise errors.InvalidArgumentError(
            f"{name!r} must be a file: a path, {{'path': ...}} or {{'data': base64, "
            "'filename': ...}}"
        )
    filename = value.get("filename")
    ctype = value.get("content_type")
    for k, v in (("filename", filename), ("content_type", ctype)):
        if v is not None and (not isinstance(v, str) or not v or "\r" in v or "\n" in v):
            raise errors.InvalidArgumentError(f"{name}.{k} must be a one-line string")
    if "path" in value:
        path = value["path"]
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if not isinstance(path, str) or not path or "\0" in path:
            raise errors.InvalidArgumentError(f"{name}.path must be a file path")
        try:
            st = os.stat(path)
        except OSError as e:
            raise errors.InvalidArgumentError(
                f"{name}: cannot read {path!r}: {e.strerror}"
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise errors.InvalidArgumentError(f"{name}: {path!r} is not a regular file")
        if not os.access(path, os.R_OK):
            raise errors.InvalidArgumentError(f"{name}: {path!r} is not readable")
        fn = filename or os.path.basename(path)
        return FormPart(name, None, path, fn, ctype or _mime(fn))
    data = value.get("data")
    if isinstance(data, (bytes, bytearray)):
        raw = bytes(data)
    elif isinstance(data, str):
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise errors.InvalidArgumentError(f"{name}.data is not valid base64") from None
    else:
        raise errors.InvalidArgumentError(
            f"{name} needs 'path' (a file to stream) or 'data' (base64 bytes)"
        )
    if not filename:
        raise errors.InvalidArgumentError(
            f"{name}.filename is needed with 'data' (providers read the format from it)"
        )
    return FormPart(name, raw, None, filename, ctype or _mime(filename))


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def form(body: Mapping[str, Any], file_fields: Iterable[str]) -> tuple[FormPart, ...]:
    """The multipart parts of a request: its file fields as files (a list of files as
    repeated ``name[]`` parts, OpenAI's convention), the rest as text fields (a list of
    scalars as repeated ``name[]``, an object as its JSON)."""
    files = frozenset(file_fields)
    parts: list[FormPart] = []
    for k, v in body.items():
        if v is None:
            continue
        if k in files:
            if isinstance(v, list):
                if not v:
                    raise errors.InvalidArgumentError(f"{k!r} is an empty list of files")
                parts.extend(file_part(f"{k}[]", x) for x in v)
            else:
                parts.append(file_part(k, v))
        elif isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
            parts.extend(FormPart(f"{k}[]", _text(x)) for x in v)
        else:
            parts.append(FormPart(k, _text(v)))
    return tuple(parts)
