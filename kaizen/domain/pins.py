"""PIN hashing with scrypt: a PIN is never stored or compared in clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from kaizen.i18n import translate

# scrypt cost: n=2**14, r=8 takes ~30 ms here, slow enough to make guessing a 4-digit PIN from a
# stolen database take real effort, fast enough not to be felt at sign-in.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{_PREFIX}${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        prefix, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if prefix != _PREFIX:
        return False
    digest = hashlib.scrypt(
        pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest, bytes.fromhex(digest_hex))


def check_pin_format(pin: str) -> str | None:
    """Return why the PIN is unacceptable, or None when it is fine."""
    if not (pin.isascii() and pin.isdigit()):  # "²" and "٣" are digits to isdigit()
        return translate("domain.pins", "A PIN is made of digits only.")
    if not 4 <= len(pin) <= 12:
        return translate("domain.pins", "A PIN has 4 to 12 digits.")
    return None
