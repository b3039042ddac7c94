"""Bearer tokens and what each may do (``leavingcare token add NAME --role ROLE``).

A token is 32 random bytes (URL-safe base64, prefixed ``lc_``), shown once when it is made. The file
keeps one JSON line per token: its name, its role and the SHA-256 of the token. A plain hash is enough
here because the token is random and long (256 bits): no password list shortens a search, so a slow
password hash would add nothing but time to every request. A presented token is compared with every
stored hash in constant time, so the time taken tells nothing of which (or whether one) matched.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import os
import secrets
import threading
from pathlib import Path
from typing import Protocol

from attrs import frozen

from leavingcare import jsontext
from leavingcare.errors import LeavingCareError
from leavingcare.events.base import id_problem

TOKENS_VARIABLE = "LEAVINGCARE_TOKENS"
DEFAULT_TOKENS = "leavingcare-tokens.jsonl"
PREFIX = "lc_"


class Capability(enum.Enum):
    """What a request may do."""

    VIEW = "view"
    """Assess, explain, read timelines, reports, the worklist and the schemas."""
    RECORD = "record"
    """Record a person's events."""
    AUDIT = "audit"
    """Views as known at a past time (``known_at``) and receipts."""


class Role(enum.Enum):
    """A token's role: the capabilities it carries. An auditor does not record (the one who checks is
    not the one who writes)."""

    READER = "reader"
    RECORDER = "recorder"
    AUDITOR = "auditor"

    def may(self, capability: Capability) -> bool:
        return capability in _CAPABILITIES[self]


_CAPABILITIES = {
    Role.READER: frozenset({Capability.VIEW}),
    Role.RECORDER: frozenset({Capability.VIEW, Capability.RECORD}),
    Role.AUDITOR: frozenset({Capability.VIEW, Capability.AUDIT}),
}


class TokenFileError(LeavingCareError):
    """A tokens file that cannot be read or written, or a token name that cannot be used."""

    code = "tokens"


@frozen
class Token:
    """One stored token: its name (``recorded_by`` of what it records), role and hash."""

    name: str
    role: Role
    sha256: str


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@frozen
class Tokens:
    """The tokens of a file."""

    tokens: tuple[Token, ...] = ()

    def find(self, raw: str) -> Token | None:
        """The token ``raw`` is, comparing with every stored hash in constant time."""
        presented = digest(raw)
        found = None
        for token in self.tokens:
            if hmac.compare_digest(presented, token.sha256):
                found = token
        return found


class Finder(Protocol):
    """What the server asks of its tokens: the token a presented one is, if any."""

    def find(self, raw: str) -> Token | None: ...


class TokenFile:
    """The tokens of a file as the server reads them: read again whenever the file changes, so a token
    revoked (``leavingcare token revoke``) is refused from the next request, with no restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: object = self  # nothing read yet: no stamp equals it
        self._tokens = Tokens()

    def find(self, raw: str) -> Token | None:
        return self.current().find(raw)

    def current(self) -> Tokens:
        try:
            found = self.path.stat()
            stamp: tuple[int, int, int] | None = (found.st_mtime_ns, found.st_size, found.st_ino)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._seen:
                self._tokens, self._seen = load(self.path), stamp
            return self._tokens


def tokens_path(path: str | None = None) -> Path:
    """``path``, else ``$LEAVINGCARE_TOKENS``, else ``./leavingcare-tokens.jsonl``."""
    return Path(path or os.environ.get(TOKENS_VARIABLE) or DEFAULT_TOKENS)


def load(path: Path) -> Tokens:
    """The tokens in ``path`` (none when it does not exist)."""
    if not path.exists():
        return Tokens()
    found: list[Token] = []
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                found.append(Token(str(item["name"]), Role(item["role"]), str(item["sha256"])))
            except (ValueError, KeyError, TypeError):
                raise TokenFileError(f"{path}: line {number} is not a token (name, role, sha256)") from None
    except OSError as exc:
        raise TokenFileError(f"cannot read {path}: {exc.strerror or 'unreadable'}") from None
    return Tokens(tuple(found))


def add(path: Path, name: str, role: Role) -> str:
    """Make a token named ``name`` with ``role``, keep its hash in ``path`` (created readable by its owner
    only) and return the token itself, which is not kept anywhere."""
    problem = id_problem(name)
    if problem is not None:
        raise TokenFileError(f"the token name {problem}")
    if any(token.name == name for token in load(path).tokens):
        raise TokenFileError(f"{path} holds a token named {name} already")
    raw = PREFIX + secrets.token_urlsafe(32)
    line = jsontext.line({"name": name, "role": role.value, "sha256": digest(raw)})
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as out:
            out.write(line)
    except OSError as exc:
        raise TokenFileError(f"cannot write {path}: {exc.strerror or 'unwritable'}") from None
    return raw


def revoke(path: Path, name: str) -> None:
    """Remove the token named ``name`` from ``path``: the file is written anew beside it (readable by its
    owner only) and put in its place in one step, so a server reading it sees the old file or the new."""
    held = load(path).tokens
    if not any(token.name == name for token in held):
        raise TokenFileError(f"{path} holds no token named {name}")
    kept = "".join(
        jsontext.line({"name": t.name, "role": t.role.value, "sha256": t.sha256}) for t in held if t.name != name
    )
    fresh = path.with_name(path.name + ".new")
    try:
        descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(kept)
        os.replace(fresh, path)
    except OSError as exc:
        raise TokenFileError(f"cannot write {path}: {exc.strerror or 'unwritable'}") from None
