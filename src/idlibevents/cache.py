"""The validated dataset kept between runs, so that asking twice does not check twice.

Checking 100,000 events means parsing 80 MB of YAML and validating every record: seconds.
Once a data folder has validated, the commands that only read it (query, show, casualties,
timeline, places, actors, sources, infobox, export) store its records as plain tuples (see
:mod:`idlibevents.rows`) in one cache file, and later runs read that file instead: no YAML,
no pydantic. The file also indexes the events by place, so that ``query --place`` makes
rows of the events at that place only (:class:`~idlibevents.rows.EventStore`).

Where: ``$IDLIB_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/idlibevents``, else
``~/.cache/idlibevents``; one file per data folder (the few most recently used are kept).
``IDLIB_NO_CACHE=1`` neither reads nor writes it. Either way the rows come from the same
encoded bytes (without a cache they are made in memory and read back at once), so results
never depend on whether a cache was used.

When it is used: only when its key matches. The key is the SHA-256 of the bytes of the five
data files together with the versions of idlibevents, Python and pydantic and of this file
format, so any edit to any data file (or an upgrade) means the data is checked again and the
file rebuilt. The digests are of the very bytes that were validated, so records are never
filed under the key of another version of a file, even one changed during the check.

Never trusted blindly: the file starts with a magic string, the format version and a header
(the key, the counts, the payload's length and SHA-256) followed by the header's own SHA-256.
A file that is truncated, corrupt, of another format or of other data fails one of these
checks and is ignored (then rebuilt); a cache that cannot be read or written is never an
error, only slower. It is written as every file is (:func:`~idlibevents.fsutil.atomic_write`:
a temporary file, then a rename), so two processes building it at once each leave a complete
file and the last rename wins. The payload is ``marshal`` data: fast, and safe to load here
because it is loaded only after its checksum matched what this program wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import struct
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .dataset import Dataset
from .fsutil import atomic_write, default_data_dir, max_file_bytes
from .result import ValidationResult
from .rows import ActorRow, EventStore, PlaceRow, SourceRow, gc_paused, plain_event_of, plain_reference
from .vocab import DATA_FILES

if TYPE_CHECKING:
    from .models import Infobox

MAGIC = b"idlibevents cache\n"
#: Bumped whenever the layout of the file or of its tuples changes.
FORMAT_VERSION = 6
#: How many cache files (data folders) are kept; the least recently written go first.
KEEP_FILES = 8

ENV_CACHE_DIR = "IDLIB_CACHE_DIR"
ENV_NO_CACHE = "IDLIB_NO_CACHE"

_PREFIX = struct.Struct("<II")  # format version, header length
_DIGEST = 32


def cache_dir() -> Path | None:
    """The folder of the cache files, or None when ``IDLIB_NO_CACHE`` is set (to anything but 0)."""
    if os.environ.get(ENV_NO_CACHE, "") not in ("", "0"):
        return None
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # the XDG spec ignores a relative path
    return base / "idlibevents"


def cache_file(folder: Path) -> Path | None:
    """The cache file of one data folder (named by its absolute path), or None without a cache."""
    where = cache_dir()
    if where is None:
        return None
    name = hashlib.sha256(os.fsencode(os.path.abspath(folder))).hexdigest()[:20]
    return where / f"data-{name}.cache"


@functools.cache
def _pydantic_version() -> str:
    """pydantic's version, from its installed metadata's folder name when that is beside it.

    Cheaper than importing pydantic; an unusual install falls back to asking pydantic itself.
    """
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        with contextlib.suppress(OSError), os.scandir(site) as entries:
            for entry in entries:
                version = entry.name[len("pydantic-") : -len(".dist-info")]
                if entry.name.startswith("pydantic-") and entry.name.endswith(".dist-info") and version[:1].isdigit():
                    return version
    from pydantic.version import VERSION

    return VERSION


def data_key(digests: dict[str, str]) -> str:
    """The cache key of a data folder whose files have these SHA-256 digests."""
    parts = [
        f"format {FORMAT_VERSION}",
        f"idlibevents {__version__}",
        f"python {sys.version_info.major}.{sys.version_info.minor} {sys.implementation.name} {sys.byteorder}",
        f"pydantic {_pydantic_version()}",
        *(f"{kind} {digests[kind]}" for kind in DATA_FILES),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file_digest(path: Path, limit: int) -> str | None:
    """SHA-256 of a file's bytes, read in chunks; None when it is not a readable regular file within the limit."""
    import stat

    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused just below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            digest = hashlib.sha256()
            buffer = bytearray(1 << 20)
            view = memoryview(buffer)
            read = 0
            while n := handle.readinto(buffer):
                digest.update(view[:n])
                read += n
                if read > limit:
                    return None
            return digest.hexdigest()
    except OSError:
        return None


def current_key(folder: Path) -> str | None:
    """The key of the data folder as it is now on disk; None if a file is missing or unreadable."""
    limit = max_file_bytes()
    digests: dict[str, str] = {}
    for kind in DATA_FILES:
        digest = _file_digest(folder / kind, limit)
        if digest is None:
            return None
        digests[kind] = digest
    return data_key(digests)


@dataclass
class CachedData:
    """What a cache file holds: the counts of the check and every record as plain tuples."""

    counts: dict[str, int]
    places: list[tuple[Any, ...]]
    actors: list[tuple[Any, ...]]
    sources: list[tuple[Any, ...]]
    infobox: dict[str, Any]
    events: list[tuple[Any, ...]]
    #: What the totals need of every event: see :func:`idlibevents.tally.tally_extras`.
    tally: tuple[Any, ...] | None = None


@dataclass
class Decoded:
    """A cache file read back: the same, with the events left encoded until asked for."""

    counts: dict[str, int]
    places: list[tuple[Any, ...]]
    actors: list[tuple[Any, ...]]
    sources: list[tuple[Any, ...]]
    infobox: dict[str, Any]
    events: EventStore


def encode(key: str, data: CachedData) -> bytes:
    """The bytes of a cache file: magic, format, header, the header's digest, then the payload.

    The payload is an index (the reference records, the event ids in file order, the
    positions of the events at each place, the offsets of the event records) followed by the
    events, :attr:`EventStore.CHUNK <idlibevents.rows.EventStore.CHUNK>` to a record, so that
    a reader decodes only the events it needs (see :class:`~idlibevents.rows.EventStore`),
    then what the totals need of each event (:func:`idlibevents.tally.tally_extras`), read
    only by the commands that total.
    """
    chunk = EventStore.CHUNK
    records = [marshal.dumps(data.events[start : start + chunk]) for start in range(0, len(data.events), chunk)]
    offsets = array("Q", [0])
    for record in records:
        offsets.append(offsets[-1] + len(record))
    at_place: dict[str, list[int]] = {}
    for position, event in enumerate(data.events):
        for place in dict.fromkeys(event[2]):  # the event's places, each once
            at_place.setdefault(place, []).append(position)
    index = marshal.dumps(
        (
            data.places,
            data.actors,
            data.sources,
            data.infobox,
            tuple(event[0] for event in data.events),
            {place: tuple(positions) for place, positions in at_place.items()},
            chunk,
            offsets.tobytes(),
        )
    )
    extras = marshal.dumps(data.tally) if data.tally is not None else b""
    payload = b"".join([index, *records, extras])
    header = marshal.dumps(
        {"key": key, "counts": data.counts, "index": len(index), "length": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    )
    return MAGIC + _PREFIX.pack(FORMAT_VERSION, len(header)) + header + hashlib.sha256(header).digest() + payload


def decode(blob: bytes, key: str) -> Decoded | None:
    """The data of a cache file's bytes if they are whole, of this format and of this key; else None.

    The events stay encoded, in ``blob`` itself (no copy), until asked for.
    """
    view = memoryview(blob)
    start = len(MAGIC) + _PREFIX.size
    if len(blob) < start or view[: len(MAGIC)] != MAGIC:
        return None
    version, header_length = _PREFIX.unpack_from(blob, len(MAGIC))
    if version != FORMAT_VERSION or len(blob) < start + header_length + _DIGEST:
        return None
    header_bytes = view[start : start + header_length]
    if hashlib.sha256(header_bytes).digest() != view[start + header_length : start + header_length + _DIGEST]:
        return None
    try:
        header = marshal.loads(header_bytes)
    except (ValueError, EOFError, TypeError):  # pragma: no cover - its checksum matched
        return None
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    payload = view[start + header_length + _DIGEST :]
    if len(payload) != header.get("length") or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        return None
    try:
        places, actors, sources, infobox, ids, at_place, chunk, offsets = marshal.loads(payload[: header["index"]])
    except (ValueError, EOFError, TypeError):  # pragma: no cover - its checksum matched
        return None
    offsets_view = memoryview(offsets).cast("Q")
    records = payload[header["index"] :]
    end = offsets_view[-1]
    extras = records[end:] if len(records) > end else None
    events = EventStore(records[:end], offsets_view, ids, at_place, chunk, extras)
    return Decoded(dict(header["counts"]), places, actors, sources, infobox, events)


def read(folder: Path, key: str) -> Decoded | None:
    """The cached data of ``folder`` under ``key``, or None (no cache, no file, or not to be trusted)."""
    path = cache_file(folder)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return decode(blob, key)


def write(folder: Path, blob: bytes) -> Path | None:
    """Store a cache file's bytes (see :func:`encode`) for ``folder``; None when there is no cache or it cannot be written."""
    path = cache_file(folder)
    if path is None:
        return None
    try:
        atomic_write(path, blob)
    except OSError:
        return None
    _prune(path.parent, keep=path)
    return path


def _prune(where: Path, keep: Path) -> None:
    """Remove all but the :data:`KEEP_FILES` most recently written cache files."""
    with contextlib.suppress(OSError):
        files = sorted((p for p in where.glob("data-*.cache") if p != keep), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES - 1 :]:
            with contextlib.suppress(OSError):
                old.unlink()


def _dataset(data: Decoded) -> Dataset:
    return Dataset.build(
        data.events,
        [PlaceRow(*t) for t in data.places],
        [ActorRow(*t) for t in data.actors],
        [SourceRow(*t) for t in data.sources],
        data.infobox,
    )


def _from_check(folder: Path) -> tuple[ValidationResult, CachedData | None, str | None]:
    """Check the folder from its files; the plain data and its key when it validated."""
    from .checker import check_with_digests
    from .tally import tally_extras

    result, dataset, digests = check_with_digests(folder)
    if dataset is None or any(d is None for d in digests.values()):
        return result, None, None
    infobox: Infobox = dataset.infobox
    data = CachedData(
        counts=dict(result.counts),
        places=[plain_reference(p.to_dict() if isinstance(p, tuple) else p.model_dump(mode="json")) for p in dataset.places],
        actors=[plain_reference(a.to_dict() if isinstance(a, tuple) else a.model_dump(mode="json")) for a in dataset.actors],
        sources=[plain_reference(s.to_dict() if isinstance(s, tuple) else s.model_dump(mode="json")) for s in dataset.sources],
        infobox=infobox.model_dump(mode="json"),
        events=[plain_event_of(e) for e in dataset.events],
        tally=tally_extras(dataset.events),
    )
    return result, data, data_key({k: v for k, v in digests.items() if v is not None})


def load_rows(data_dir: Path | None = None) -> tuple[ValidationResult, Dataset | None]:
    """The dataset for commands that only read: from the cache when it holds this very data.

    Otherwise the folder is checked as :func:`idlibevents.check` does (every problem with
    its file and line) and, when valid, cached for next time. Either way the dataset holds
    rows made the same way from the same plain tuples, so results never depend on whether
    the cache was used. The result's counts are those of the check.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    with gc_paused():
        if cache_dir() is not None:
            key = current_key(folder)
            cached = read(folder, key) if key is not None else None
            if cached is not None:
                result = ValidationResult()
                result.counts = cached.counts
                return result, _dataset(cached)
        result, data, key = _from_check(folder)
        if data is None or key is None:
            return result, None
        # Written, then read back like any cache file: the same rows with or without a cache.
        blob = encode(key, data)
        del data
        write(folder, blob)
        decoded = decode(blob, key)
        assert decoded is not None  # it was just made
        return result, _dataset(decoded)


def cached_verdict(data_dir: Path | None = None) -> ValidationResult | None:
    """The result of checking the folder, if the cache already holds this very data (valid, then).

    ``idlib validate`` asks this first: a folder whose exact bytes validated before, under the
    same versions, validates again. It never writes the cache (the read commands do).
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    key = current_key(folder) if cache_dir() is not None else None
    cached = read(folder, key) if key is not None else None
    if cached is None:
        return None
    result = ValidationResult()
    result.counts = cached.counts
    return result
