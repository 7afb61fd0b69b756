"""English word lists from spaCy's lookup data (spacy-lookups-data), read once per process.

The theme tagger lemmatises with the lemma table, and the reader asks whether a joined word is a
word (line-end hyphens, words broken in narrow cells). Both come from the same files, read with
the standard library in milliseconds rather than through a spaCy pipeline component.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib.resources import files


def _table(name: str) -> dict[str, object]:
    try:
        path = files("spacy_lookups_data").joinpath(f"data/{name}.json.gz")
        with gzip.open(str(path), "rt", encoding="utf-8") as handle:
            table = json.load(handle)
    except (OSError, ModuleNotFoundError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


@lru_cache(maxsize=1)
def lemma_lookup() -> dict[str, str]:
    """Word form -> lemma (`children` -> `child`), as spaCy's lookup lemmatizer uses it."""
    return {k: v for k, v in _table("en_lemma_lookup").items() if isinstance(v, str)}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English word forms: the lemmas and inflected forms of the lookup data (about 100,000)."""
    words: set[object] = set()
    for key, value in _table("en_lemma_index").items():
        words.add(key)
        if isinstance(value, list):
            words.update(value)
    lookup = lemma_lookup()
    words.update(lookup)
    words.update(lookup.values())
    # one pass over the set, not one per list: this runs before the first worker starts
    return frozenset([w.lower() for w in words if type(w) is str and w.isalpha()])
