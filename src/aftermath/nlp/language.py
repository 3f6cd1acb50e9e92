"""Which language a document is in, so only English text reaches the English model.

py3langid ships its model inside the wheel (no download at run time) and classifies a
news article in well under a millisecond once loaded. Very short texts are too little
evidence for any detector, so they keep "und" (undetermined) rather than a guess.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from typing import Any

from aftermath.knowledge.cache import cached, table_path

# Below this many letters a language guess is noise (a headline fragment, a dateline).
MIN_LETTERS = 20
# Enough of an article to identify its language; the rest only costs time.
SAMPLE_CHARS = 2000
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The identifier, kept between runs unpacked (#20): the wheel's model is
    LZMA-compressed and took 0.6 s to unpack before an ingest's first batch, every run;
    read back unpacked it takes under 0.1 s (about 65 MB in the cache folder)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = MODEL_DIR / MODEL_FILE
    digest = hashlib.sha256(f"{metadata.version('py3langid')}\0{packed.stat().st_size}"
                            .encode()).hexdigest()
    return cached(table_path("langid", digest),
                  lambda: LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True),
                  valid=lambda found: isinstance(found, LanguageIdentifier))


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNDETERMINED
    code, _probability = _identifier().classify(sample)
    return str(code)
