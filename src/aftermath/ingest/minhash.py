"""MinHash signatures of shingle sets, made with numpy alone (#20).

Stores hold signatures and band rows made by datasketch 2.0 (`MinHash(num_perm=128,
seed=5, scheme="affine32")`); a signature made any other way would match none of them, and
near copies of stored documents would silently go unfound. So this module makes the same
values, bit for bit, without datasketch, whose package import pulled in scipy (0.27 s and
37 MB in the ingest parent, carried by every forked worker):

1. each shingle is hashed to 32 bits: the first 4 bytes of its SHA-1, little-endian;
2. the hash is mixed once with the MurmurHash3 32-bit finaliser, so that hashes which
   differ in few bits spread over the whole range before the permutations see them;
3. permutation k maps a mixed hash h to (a_k * h + b_k) mod 2**32, with a_k odd (so the
   map is a bijection) and both drawn from `numpy.random.RandomState(SEED)`: first the
   128 halves of a as uint32 below 2**31 (a = 2 * half + 1), then the 128 b as uint32;
4. a signature value is the smallest permuted hash over the shingles, per permutation;
   a text without shingles keeps the largest value, 2**32 - 1, everywhere.

Values are kept as unsigned 64-bit integers in machine byte order, the stored layout.
A test compares these bytes with datasketch's on real and written texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

import numpy as np

from aftermath.store.bands import NUM_PERM, VALUE_BYTES

__all__ = ["SEED", "minhash_signature", "signature_values", "similarity", "usable"]

# The seed of the permutations every stored signature was made with.
SEED = 5
_EMPTY = np.uint32(0xFFFFFFFF)  # the value of a permutation no shingle reached
# Shingles permuted at a time: 4,096 x 128 uint32 is 2 MB, so a text of a million
# shingles costs no more working memory than a short one (a single pass would take 512 MB).
_CHUNK = 4096


@cache
def _permutations(seed: int = SEED, num_perm: int = NUM_PERM) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the affine permutations, as rows of uint32 ready to broadcast."""
    draws = np.random.RandomState(seed)
    halves = draws.randint(0, 1 << 31, num_perm, dtype=np.uint32)
    offsets = draws.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    multipliers = halves * np.uint32(2) + np.uint32(1)
    return multipliers.reshape(1, -1), offsets.reshape(1, -1)


def _hashes(shingles: Iterable[bytes]) -> np.ndarray:
    """The 32-bit SHA-1 hash of each shingle, mixed with the MurmurHash3 finaliser."""
    digests = b"".join([hashlib.sha1(shingle).digest() for shingle in shingles])
    # A SHA-1 digest is 20 bytes: every fifth little-endian uint32 is a digest's first 4.
    mixed = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
    # Array arithmetic on uint32 wraps modulo 2**32, which is what the finaliser wants.
    mixed ^= mixed >> np.uint32(16)
    mixed *= np.uint32(0x85EBCA6B)
    mixed ^= mixed >> np.uint32(13)
    mixed *= np.uint32(0xC2B2AE35)
    mixed ^= mixed >> np.uint32(16)
    return mixed


def minhash_signature(shingles: Iterable[bytes]) -> bytes:
    """The MinHash signature of a set of shingles, as the bytes a store keeps.

    Repeated shingles and their order change nothing: each permutation keeps a minimum.
    """
    multipliers, offsets = _permutations()
    mins = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    hashes = _hashes(shingles)
    work = np.empty((min(len(hashes), _CHUNK), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(hashes), _CHUNK):
        part = hashes[start:start + _CHUNK, np.newaxis]
        permuted = work[:len(part)]
        np.multiply(part, multipliers, out=permuted)
        np.add(permuted, offsets, out=permuted)
        np.minimum(mins, permuted.min(axis=0), out=mins)
    return mins.astype(np.uint64).tobytes()


def signature_values(raw: bytes) -> np.ndarray:
    """The values of a stored signature (a read-only view of its bytes)."""
    return np.frombuffer(raw, dtype=np.uint64)


def similarity(values: np.ndarray, other: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.count_nonzero(values == other)) / len(values)


def usable(raw: bytes) -> bool:
    """Whether a signature has this module's size (others cannot be compared)."""
    return len(raw) == NUM_PERM * VALUE_BYTES
