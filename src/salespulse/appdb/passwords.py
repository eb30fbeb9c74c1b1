"""Passwords and API tokens: passwords hashed with argon2id at OWASP's recommended cost
(19 MiB of memory, two passes, one lane: about 0.1 s on one core, so that a login does
not hold a small server's cores; a hash made with other costs is redone at the next
login), tokens 32 random bytes of which only the sha256 is stored. Checking
takes the same time whether or not the user exists (a made-up hash is checked for a
name that is not there) and compares token hashes in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache
from typing import Any

#: Shortest password accepted.
MIN_LENGTH = 8


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


@cache
def _dummy() -> str:
    return hash_password(secrets.token_hex(16))


def check_password(stored: str | None, password: str) -> bool:
    """Whether `password` is the one `stored` hashes (None: no such user or no password;
    checked against a made-up hash all the same, so as to take as long)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        ok = bool(_hasher().verify(stored or _dummy(), password))
    except (VerificationError, InvalidHashError):
        return False
    return ok and stored is not None


def needs_rehash(stored: str) -> bool:
    return bool(_hasher().check_needs_rehash(stored))


def new_token() -> str:
    """A new API token: 32 random bytes, URL-safe text (shown once, never stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its sha256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))
