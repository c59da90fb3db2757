"""Counts over the store for `ppstudio stats` and the studio's overview: what came in, and what curation made of it.

Every figure is one GROUP BY over indexed columns, so the numbers stay cheap on a million prompts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.database import Database

_TOP = 50  # longest list any breakdown returns (languages, failure reasons, ...), most frequent first
_EXTRACTOR_LABEL = ("s.extractor || '@' || s.extractor_version"
                    " || CASE WHEN coalesce(s.model, '') != '' THEN ' (' || s.model || ')' ELSE '' END")


@dataclass(slots=True)
class Count:
    key: str | None  # None: the value is missing (no language, not curated, ...)
    count: int


@dataclass(slots=True)
class ExtractorCount:
    """A count within one extractor ("rules@1", "llm@1 (smollm2)", "parallelprompt-release@1")."""

    extractor: str
    key: str | None
    count: int


@dataclass(slots=True)
class PromptStats:
    prompts: int
    ingest_errors: int
    by_source: list[Count]
    by_language: list[Count]
    by_category: list[Count]  # category of each prompt's best schema; None = not curated or no category
    by_tier: list[Count]  # tier of the best schema; None = not curated or not validated
    by_triage: list[Count]
    ingest_errors_by_file: list[Count]


@dataclass(slots=True)
class CurationStats:
    schemas: int
    by_extractor: list[Count]
    parallelizable: list[ExtractorCount]  # key "yes" / "no"
    categories: list[ExtractorCount]  # parallelizable schemas only
    novel_categories: list[ExtractorCount]
    tiers: list[ExtractorCount]  # None = not validated
    dependency: list[ExtractorCount]
    failure_reasons: list[ExtractorCount]  # reason rules on rejected (low-tier) schemas
    errors: list[ExtractorCount]  # extraction errors (first 120 characters)


class StatsQueries:
    database: "Database"

    def _counts(self, sql: str, params: tuple[object, ...] = ()) -> list[Count]:
        return [Count(key=row[0], count=int(row[1])) for row in self.database.query(sql, params)]

    def _extractor_counts(self, select: str, where: str, params: tuple[object, ...], *,
                          joins: str = "") -> list[ExtractorCount]:
        sql = (f"SELECT {_EXTRACTOR_LABEL} AS extractor, {select} AS key, count(*) AS n FROM schemas s {joins}"
               f" WHERE {where} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2 LIMIT {_TOP * 4}")
        return [ExtractorCount(extractor=row[0], key=row[1], count=int(row[2]))
                for row in self.database.query(sql, params)]

    def prompt_stats(self) -> PromptStats:
        def by(expression: str, joins: str = "") -> list[Count]:
            return self._counts(f"SELECT {expression} AS key, count(*) FROM prompts p {joins}"
                                f" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {_TOP}")

        best = "LEFT JOIN schemas s ON s.id = p.best_schema_id"
        return PromptStats(
            prompts=int(self.database.query("SELECT count(*) FROM prompts")[0][0]),
            ingest_errors=int(self.database.query("SELECT count(*) FROM ingest_errors")[0][0]),
            by_source=by("p.source"),
            by_language=by("p.language"),
            by_category=by("s.category", best),
            by_tier=by("s.tier", best),
            by_triage=by("coalesce(t.status, 'unreviewed')", "LEFT JOIN triage t ON t.prompt_id = p.id"),
            ingest_errors_by_file=self._counts(f"SELECT source_file, count(*) FROM ingest_errors GROUP BY 1"
                                               f" ORDER BY 2 DESC, 1 LIMIT {_TOP}"),
        )

    def curation_stats(self, extractor: str | None = None) -> CurationStats:
        """Schema statistics, per extractor; `extractor` (a name such as "rules") restricts them to one."""
        where, params = ("s.extractor = ?", (extractor,)) if extractor else ("1", ())
        return CurationStats(
            schemas=int(self.database.query(f"SELECT count(*) FROM schemas s WHERE {where}", params)[0][0]),
            by_extractor=self._counts(f"SELECT {_EXTRACTOR_LABEL}, count(*) FROM schemas s WHERE {where}"
                                      " GROUP BY 1 ORDER BY 2 DESC, 1", params),
            parallelizable=self._extractor_counts("CASE s.parallelizable WHEN 1 THEN 'yes' ELSE 'no' END",
                                                  where, params),
            categories=self._extractor_counts("s.category", f"{where} AND s.parallelizable = 1", params),
            novel_categories=self._extractor_counts("s.category", f"{where} AND s.novel_category = 1", params),
            tiers=self._extractor_counts("s.tier", where, params),
            dependency=self._extractor_counts("s.dependency", where, params),
            # (the verdict "tier.low" only where it is the schema's one reason: beside others it says nothing)
            failure_reasons=self._extractor_counts("json_extract(r.value, '$.rule')",
                                                   f"{where} AND s.tier = 'low' AND (json_extract(r.value, '$.rule') "
                                                   "!= 'tier.low' OR json_array_length(s.reasons) = 1)", params,
                                                   joins=", json_each(s.reasons) r"),
            errors=self._extractor_counts("substr(s.error, 1, 120)", f"{where} AND s.error IS NOT NULL", params),
        )

    def storage_bytes(self) -> dict[str, int]:
        """Bytes on disk per table and index (the full-text indexes' shadow tables summed under their name), for
        sizing the store; read from SQLite's dbstat table."""
        rows = self.database.query("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
        sizes: dict[str, int] = {}
        for name, size in rows:
            for index in ("prompts_fts", "prompts_trigram"):
                if name.startswith(index + "_"):
                    name = index
            sizes[name] = sizes.get(name, 0) + int(size)
        return sizes
