"""A JSON response cache keyed by a hash of the request identity (chat responses, extractions, judgements)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.database import utc_now

if TYPE_CHECKING:
    from store.database import Database


def cache_key(*parts: Any) -> str:
    """A stable key over JSON-serialisable parts (never include a secret: keys are stored)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class KeyedCache:
    """One namespace of the cache, keyed by the parts that identify an entry (hashed by `cache_key`): what code that
    may not import the store is handed (the judge), so it needs neither the store nor the hashing."""

    queries: "CacheQueries"
    namespace: str

    def get(self, parts: Sequence[Any]) -> Any | None:
        return self.queries.cache_get(self.namespace, cache_key(*parts))

    def put(self, parts: Sequence[Any], value: Any) -> None:
        self.queries.cache_put(self.namespace, cache_key(*parts), value)


class CacheQueries:
    database: "Database"

    def keyed_cache(self, namespace: str) -> KeyedCache:
        return KeyedCache(self, namespace)

    def cache_get(self, namespace: str, key: str) -> Any | None:
        rows = self.database.query("SELECT value FROM cache WHERE key = ? AND namespace = ?", (key, namespace))
        return json.loads(rows[0][0]) if rows else None

    def cache_put(self, namespace: str, key: str, value: Any) -> None:
        with self.database.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO cache(key, namespace, value, created_at) VALUES (?,?,?,?)",
                         (key, namespace, json.dumps(value, ensure_ascii=False), utc_now()))
