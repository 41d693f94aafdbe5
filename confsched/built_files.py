"""Built feeds, exports and documents kept per process, and optionally in a directory all workers share.

No Flask here.

Keys carry the conference's version, so a change simply misses and old entries
age out. The directory level lets every gunicorn worker (and a recycled one)
reuse a file another worker built instead of spending seconds on a large programme.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Hashable


class BuiltFileCache:
    """A small thread-safe LRU of built files in memory, in front of an optional shared directory."""

    def __init__(self, max_entries: int = 128, directory: Path | None = None, identity: str = ""):
        """Keep at most max_entries files in memory (0 switches caching off); identity separates builds of other code."""
        self.max_entries = max_entries
        self.directory = Path(directory) if directory and max_entries > 0 else None
        self.identity = identity
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)

    def get_or_build(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        """The cached bytes for the key: from memory, else from the directory, else built (outside the lock)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        built = self._read(key)
        if built is None:
            built = build()
            self._write(key, built)
        self._remember(key, built)
        return built

    def _remember(self, key: Hashable, built: bytes) -> None:
        """Put a file in memory, dropping the least recently used beyond the limit."""
        if self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = built
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def _path(self, key: Hashable) -> Path:
        """The file for a key: a digest of the key and the build identity."""
        digest = hashlib.sha256(f"{self.identity}\n{key!r}".encode("utf-8")).hexdigest()
        return self.directory / f"{digest}.bin"

    def _read(self, key: Hashable) -> bytes | None:
        """A file another worker built, if the directory level is on and has it."""
        if self.directory is None:
            return None
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, key: Hashable, built: bytes) -> None:
        """Store atomically (write, then rename) so a reader never sees half a file; prune the oldest files."""
        if self.directory is None:
            return
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(built)
            os.replace(temporary, self._path(key))
        except OSError:  # a full disk costs the shared copy, never the response
            Path(temporary).unlink(missing_ok=True)
            return
        self._prune()

    def _prune(self) -> None:
        """Keep the newest files only; other workers may delete the same ones at the same time."""
        stamped = []
        for path in self.directory.glob("*.bin"):
            try:
                stamped.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
        stamped.sort()
        for _mtime, stale in stamped[: max(0, len(stamped) - 4 * self.max_entries)]:
            stale.unlink(missing_ok=True)

    def clear(self) -> None:
        """Forget everything (tests, or after restoring a database behind the app's back)."""
        with self._lock:
            self._entries.clear()
        if self.directory is not None:
            for path in self.directory.glob("*.bin"):
                path.unlink(missing_ok=True)
