"""store/datasette.yaml names only tables, columns and facets a fresh store has, the same for both file names."""

from __future__ import annotations

from pathlib import Path

import yaml

import store as store_package
from store import Store

METADATA = yaml.safe_load((Path(store_package.__file__).parent / "datasette.yaml").read_text(encoding="utf-8"))


def test_both_default_store_names_get_the_same_tables() -> None:
    assert set(METADATA["databases"]) == {"demo", "ppstudio"}
    assert METADATA["databases"]["demo"] == METADATA["databases"]["ppstudio"]


def test_every_table_column_and_facet_exists(tmp_path: Path) -> None:
    with Store(tmp_path / "demo.db") as store:
        utils = store.database.utils
        tables = METADATA["databases"]["demo"]["tables"]
        for name, config in tables.items():
            assert utils[name].exists(), name
            columns = set(utils[name].columns_dict)
            named = [*config.get("facets", []), *(config[key] for key in ("label_column", "sort_desc", "sort")
                                                   if key in config)]
            assert set(named) <= columns, (name, set(named) - columns)
            if "fts_table" in config:
                assert utils[config["fts_table"]].exists()
        visible = {name for name in utils.table_names() if not name.startswith(("prompts_fts", "prompts_trigram"))}
        assert visible == set(tables)  # every table described (a new one needs a line here)
