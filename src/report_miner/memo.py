"""A small memo for lookups that repeat within a document and across a batch."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """Results by key, forgotten all at once when `size` are held: the same few keys recur on every
    page of a report, while a long run meets new ones all the time and must keep its memory flat."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._results: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        try:
            return self._results[key]
        except KeyError:
            pass
        if len(self._results) >= self._size:
            self._results.clear()
        result = self._results[key] = compute(key)
        return result
