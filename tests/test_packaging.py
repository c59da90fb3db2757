"""The wheel: every package listed, the sample data and the studio's stylesheet inside, bounded dependencies.

A wheel is what `pip install .` installs; `ppstudio demo` from any folder needs the sample data in it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.demo import sample_data_dir

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed() -> None:
    found = {str(init.parent.relative_to(ROOT)).replace("/", ".")
             for top in ("studio", "store", "evaluators") for init in (ROOT / top).rglob("__init__.py")}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == found | {"studio.sample_data", "studio.sample_data.formats"}


def test_sample_data_is_found_through_the_package() -> None:
    assert (sample_data_dir() / "prompts.jsonl").is_file()
    assert (sample_data_dir() / "gold.jsonl").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("wheel")
    leftovers = [ROOT / "build", ROOT / "parallelprompt_studio.egg-info"]  # setuptools builds in the tree
    existed = {path for path in leftovers if path.exists()}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    for path in set(leftovers) - existed:
        shutil.rmtree(path, ignore_errors=True)
    built = zipfile.ZipFile(next(out.glob("*.whl")))
    yield built
    built.close()


# Labelled real prompts: committed with their sources' licences, or rebuilt locally (gitignored); never shipped.
LABELLED_REAL = ("dev.jsonl", "heldout.jsonl", "nc.jsonl")


def labelled_real(name: str) -> bool:
    """dev/heldout/nc and every rebuilt ShareGPT split (sharegpt_*.jsonl, gitignored)."""
    return name in LABELLED_REAL or (name.startswith("sharegpt_") and name.endswith(".jsonl"))


def test_the_wheel_ships_the_sample_data_and_the_stylesheet(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {"studio/sample_data/prompts.jsonl", "studio/sample_data/gold.jsonl",
            "studio/sample_data/formats/release.parquet", "studio/tui/studio.tcss", "store/datasette.yaml"} <= names
    shipped = {path for path in names if path.startswith("studio/sample_data/") and not path.endswith(".py")}
    # the labelled real prompts (dev, heldout, real/) stay in the repository: they carry their sources' licences
    in_repo = {"studio/" + str(path.relative_to(ROOT)) for path in (ROOT / "sample_data").rglob("*")
               if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
               and "real" not in path.parts and not labelled_real(path.name)}
    assert shipped == in_repo


def test_the_wheel_bounds_the_majors_the_code_relies_on(wheel: zipfile.ZipFile) -> None:
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    requires = {line.split(":", 1)[1].strip().split(";")[0] for line in metadata.splitlines()
                if line.startswith("Requires-Dist:")}
    for name, bound in (("openai[aiohttp]", "<4"), ("textual", "<9"), ("typer", "<1"), ("sqlite-utils", "<5")):
        assert any(spec.startswith(name) and bound in spec for spec in requires), (name, requires)
    assert {"numpy", "torch", "transformers", "httpx2"} <= {spec.split("<")[0].split(">")[0].split("=")[0]
                                                             for spec in requires}
