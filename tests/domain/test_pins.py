"""PIN hashing: salted scrypt, never the PIN in clear; and the PIN format rule."""

from __future__ import annotations

import pytest

from kaizen.domain.pins import check_pin_format, hash_pin, verify_pin

pytestmark = pytest.mark.real_pin_cost


def test_hash_verifies_the_right_pin_only():
    stored = hash_pin("2468")
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("", stored)


def test_hash_is_salted_and_hides_the_pin():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    # The stored parts are the cost, a random salt and the digest: none of them is the PIN
    # (a substring check could match the hex digits by chance).
    prefix, n, r, p, salt_hex, digest_hex = first.split("$")
    assert (prefix, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(bytes.fromhex(salt_hex)) == 16 and len(bytes.fromhex(digest_hex)) == 32
    assert "2468" not in {salt_hex, digest_hex}
    assert first.startswith("scrypt$")


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$2$3$00$00", "scrypt$bad"])
def test_unknown_or_damaged_hashes_never_verify(stored):
    assert not verify_pin("1234", stored)


@pytest.mark.parametrize("pin", ["1234", "000000", "123456789012"])
def test_good_pins(pin):
    assert check_pin_format(pin) is None


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", "12 34", "abcd"])
def test_bad_pins_say_why(pin):
    assert check_pin_format(pin)


def test_production_cost_is_scrypt_n_16384():
    assert hash_pin("2468").split("$")[1] == str(2**14)
