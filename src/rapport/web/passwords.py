"""Passwords and tokens: argon2 hashes for passwords, SHA-256 digests for random tokens.

Only ``argon2-cffi`` is needed here (not FastAPI), so ``rapport users`` works with the
``web`` extra installed but no server running.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache
from typing import Any

from rapport.errors import RapportError

MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "rpt_"


@cache
def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise RapportError("accounts need the web extra: pip install 'rapport[web]'") from None
    return PasswordHasher()


def check_password_policy(password: str, username: str = "") -> None:
    """Raise ``RapportError`` with the reason when a password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RapportError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if username and username.lower() in password.lower():
        raise RapportError("a password must not contain the username")
    if len(set(password)) < 5:
        raise RapportError("a password needs more different characters")


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing user still costs one hash (no timing hint)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    if stored_hash is None:
        hasher.hash(password)
        return False
    try:
        return bool(hasher.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str = "") -> str:
    """A random token of 256 bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256 (tokens are random, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
