"""Rendered agenda pages kept in process, keyed by conference version, so a warm page costs one query.

The key always carries the conference version: any programme change bumps it, so
stale pages are never served; they simply age out of the LRU.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable


class PageCache:
    """A small thread-safe LRU of rendered, encoded HTML (threads of one worker share it)."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """The cached page for `key`, rendering and storing it on a miss."""
        if self.capacity <= 0:
            return render()
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        page = render()
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)
        return page

    def __len__(self) -> int:
        """How many pages are held."""
        return len(self._pages)

    def clear(self) -> None:
        """Forget every page (tests, and after a deployment's templates change in debug mode)."""
        with self._lock:
            self._pages.clear()
