"""Timelines kept for files (``assess --all FILE --cache DIR``, ``lc.read_timelines(..., cache=DIR)``): one
entry a person in a directory the caller gives, read back when the person's lines, the library, the law
table and the authorities table are unchanged.

An entry is the kept form of ``leavingcare.kept`` (the store's ``Timeline/2``: the digest of the
person's lines, the key, the date of birth and the packed timeline) as one JSON document, after a line
holding its CRC-32: an entry damaged on disk (truncated, a byte changed) fails the check and is
computed again, never read as another answer. (The check finds damage, not tampering: whoever may write
to the directory may write any answer in it, as whoever may write the export may write any history.)
An entry is named by a keyed hash of the person id (HMAC-SHA-256 under a random key the directory
keeps in ``leavingcare-cache.json``), so that a listing of the directory does not show who is in it,
and one person's name is not the same in two directories. Entries are written to a temporary file
and renamed into place, so that a reader (another run, a worker process) sees a whole entry or
none; writing is best effort, as the store's: an entry that cannot be written is computed again next
time.

Timelines are personal data: the directory is to be protected as the export it is kept for
(``docs/store.md``). It is created by the caller, is adopted only when empty or already a cache, and its
files are created readable by their owner only.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import zlib
from pathlib import Path
from typing import Any

from attrs import frozen

from leavingcare.errors import CacheUnavailable
from leavingcare.kept import Entry, Kept, kept_to_json, read_entry

MARKER = "leavingcare-cache.json"
"""The file that makes a directory a cache of kept timelines, holding the key its entries are named under."""
MARKER_FORMAT = "leavingcare kept timelines/1"
ENTRY_FORMAT = "Timeline/2"
"""The kept form an entry holds: the same as the store's snapshot rows."""
SUFFIX = ".timeline"
_TEMPORARY = ".tmp-"
_MODE = 0o600


@frozen
class TimelineCache:
    """A directory of kept timelines, opened (``open_cache``): where it is and the key its entries are
    named under. A plain value, handed to worker processes as it is."""

    folder: str
    naming: bytes

    def entry(self, person: str) -> Path:
        """Where the person's entry is: a keyed hash of their id, never the id."""
        name = hmac.digest(self.naming, person.encode("utf-8", "surrogatepass"), "sha256").hex()[:32]
        return Path(self.folder, name + SUFFIX)

    def read(self, person: str, digest: str, key: str) -> Entry | None:
        """The person's kept timeline, still packed, when it was computed from the lines whose digest is
        ``digest`` under ``key``; None otherwise, and for an entry that is missing, unreadable or damaged."""
        try:
            with open(self.entry(person), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        checksum, _, body = data.partition(b"\n")
        if checksum != _checksum(body):
            return None
        try:
            held = read_entry(body)
        except ValueError:  # an entry that cannot be read is computed again
            return None
        if held.format != ENTRY_FORMAT or held.digest != digest or held.key != key:
            return None
        return held

    def write(self, person: str, kept: Kept) -> None:
        """Keep the person's timeline, replacing their entry whole; best effort."""
        body = json.dumps({"format": ENTRY_FORMAT, **kept_to_json(kept)}, separators=(",", ":")).encode()
        data = _checksum(body) + b"\n" + body
        with contextlib.suppress(OSError):  # not kept this time: computed again next time
            _write_whole(self.entry(person), data)


def _checksum(body: bytes) -> bytes:
    return b"%08x" % zlib.crc32(body)


def open_cache(folder: str | os.PathLike[str]) -> TimelineCache:
    """The cache in ``folder``, an existing directory that is empty or a cache already, which this
    process may write to; ``CacheUnavailable`` saying why not otherwise."""
    path = Path(folder)
    shown = str(folder)
    if not path.exists():
        raise CacheUnavailable(f"cache directory {shown}: does not exist (create it, readable by this service only)")
    if not path.is_dir():
        raise CacheUnavailable(f"cache directory {shown}: is not a directory")
    try:
        naming = _naming(path)
        if naming is None:
            if any(path.iterdir()):
                raise CacheUnavailable(
                    f"cache directory {shown}: is not empty and holds no {MARKER}; give an empty directory"
                )
            naming = _new_naming(path)
        _check_writable(path)
    except PermissionError:
        raise CacheUnavailable(f"cache directory {shown}: cannot be read and written by this process") from None
    except OSError as exc:
        raise CacheUnavailable(f"cache directory {shown}: {exc.strerror or 'cannot be used'}") from None
    return TimelineCache(str(path), naming)


def _naming(path: Path) -> bytes | None:
    """The naming key in the directory's marker; None when it has none (a marker that cannot be read
    is replaced: the entries named under its key are not found again, and are computed again)."""
    try:
        data: Any = json.loads((path / MARKER).read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        return _new_naming(path, replace=True)
    naming = data.get("naming") if isinstance(data, dict) and data.get("format") == MARKER_FORMAT else None
    if not isinstance(naming, str) or len(naming) != 64:
        return _new_naming(path, replace=True)
    try:
        return bytes.fromhex(naming)
    except ValueError:
        return _new_naming(path, replace=True)


def _new_naming(path: Path, *, replace: bool = False) -> bytes:
    """A new naming key written to the directory's marker; when another process wrote one first, theirs."""
    naming = secrets.token_bytes(32)
    marker = json.dumps({"format": MARKER_FORMAT, "naming": naming.hex()}).encode()
    if replace:
        _write_whole(path / MARKER, marker)
        return naming
    temporary = _temporary(path / MARKER)
    _write_new(temporary, marker)
    try:
        os.link(temporary, path / MARKER)
    except FileExistsError:
        found = _naming(path)
        assert found is not None
        return found
    finally:
        temporary.unlink(missing_ok=True)
    return naming


def _check_writable(path: Path) -> None:
    probe = _temporary(path / "probe")
    _write_new(probe, b"")
    probe.unlink()


def _temporary(final: Path) -> Path:
    return final.with_name(f"{_TEMPORARY}{final.name}-{os.getpid()}-{secrets.token_hex(4)}")


def _write_new(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _write_whole(final: Path, data: bytes) -> None:
    """``data`` put at ``final`` by renaming a temporary file over it: readers see the old file or the new."""
    temporary = _temporary(final)
    try:
        _write_new(temporary, data)
        os.replace(temporary, final)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
