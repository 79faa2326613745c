"""Loading: the catalog's look-ups, the compiled cache, and one bad file never stopping the rest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Write
from tests.samples import BANK, BLUEPRINT, SCENARIO
from trainer.content import loader, models


@pytest.fixture
def content(write: Write) -> Path:
    write("content/law.yaml", BANK)
    write("content/exams/sample.yaml", BLUEPRINT)
    write("content/scenarios/sample.yaml", SCENARIO)
    return Path("content").absolute()


def test_loads_every_kind_into_the_catalog(content: Path) -> None:
    result = loader.load([content])
    assert result.problems == ()
    catalog = result.catalog
    assert len(catalog) == 8
    assert sorted(catalog.blueprints) == ["sample-exam"]
    assert sorted(catalog.scenarios) == ["sample-interview"]
    assert {item.type for item in catalog.items} == set(models.QUESTION_TYPES)


def test_catalog_look_ups(content: Path) -> None:
    catalog = loader.load([content]).catalog
    item = catalog.get("s-tf")
    assert item is not None
    assert (item.section, item.topic, item.bank, item.type) == (
        "law",
        "burden",
        "sample-law",
        "true_false",
    )
    assert catalog.sections() == ["law"]
    assert catalog.topics("law") == ["admission", "burden", "vwp"]
    assert [i.id for i in catalog.in_topic("law", "vwp")] == ["s-numeric"]
    assert [i.id for i in catalog.select(tags=["inspection"])] == ["s-single"]
    assert [i.id for i in catalog.select(difficulty=[4, 4])] == ["s-text"]
    picked = catalog.select(section="law", difficulty=(3, 5), types=["rate", "match"])
    assert [i.id for i in picked] == ["s-match", "s-rate"]
    assert catalog.select(section="nope") == []


def test_catalog_summary_counts(content: Path) -> None:
    summary = loader.load([content]).catalog.summary()
    law = summary["sections"]["law"]
    assert law["questions"] == 8
    assert law["topics"] == {"admission": 6, "burden": 1, "vwp": 1}
    assert law["difficulty"] == {"1": 1, "2": 3, "3": 3, "4": 1}
    assert summary["blueprints"][0]["questions"] == 3
    assert summary["scenarios"][0]["nodes"] == 2


def test_a_bad_file_is_reported_and_the_good_ones_load(content: Path, write: Write) -> None:
    write("content/broken.yaml", "bank: [\n")
    result = loader.load([content])
    assert len(result.catalog) == 8
    assert result.skipped == ("content/broken.yaml",)
    assert [p.path for p in result.problems] == ["content/broken.yaml"]


def test_warm_load_comes_from_the_cache(content: Path, sealed: Path) -> None:
    cache = sealed / "cache"
    cold = loader.load([content], cache)
    warm = loader.load([content], cache)
    assert [f.cached for f in cold.files] == [False, False, False]
    assert [f.cached for f in warm.files] == [True, True, True]
    assert [f.doc for f in warm.files] == [f.doc for f in cold.files]
    assert warm.catalog.summary() == cold.catalog.summary()


def test_a_changed_file_is_parsed_again_alone(content: Path, sealed: Path) -> None:
    cache = sealed / "cache"
    loader.load([content], cache)
    law = content / "law.yaml"
    law.write_text(law.read_text().replace("Sample law bank", "Edited law bank"))
    again = loader.load([content], cache)
    cached = {Path(f.source).name: f.cached for f in again.files}
    assert cached == {"sample.yaml": True, "law.yaml": False}
    bank = next(f.doc for f in again.files if isinstance(f.doc, models.Bank))
    assert bank.title == "Edited law bank"


def test_a_file_with_errors_is_never_cached(write: Write, sealed: Path) -> None:
    path = write("bad.yaml", BANK.replace("answer: B\n", "answer: Z\n", 1))
    cache = sealed / "cache"
    loader.load([path], cache)
    second = loader.load([path], cache)
    assert not second.files[0].cached
    assert len(second.problems) == 1


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01not msgpack", b"\x93\x01\x02\x03"])
def test_a_corrupt_cache_is_rebuilt_silently(content: Path, sealed: Path, garbage: bytes) -> None:
    cache = sealed / "cache"
    loader.load([content], cache)
    for entry in cache.iterdir():
        entry.write_bytes(garbage)
    result = loader.load([content], cache)
    assert result.problems == ()
    assert not any(f.cached for f in result.files)
    assert all(f.cached for f in loader.load([content], cache).files)


def test_a_cache_from_another_version_is_ignored(
    content: Path, sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = sealed / "cache"
    loader.load([content], cache)
    monkeypatch.setattr(loader, "CACHE_FORMAT", loader.CACHE_FORMAT + 1)
    assert not any(f.cached for f in loader.load([content], cache).files)


def _refuse(monkeypatch: pytest.MonkeyPatch, method: str, below: Path) -> None:
    """Make Path.<method> fail with 'Permission denied' for paths below a folder, even for root."""
    real = getattr(Path, method)

    def guarded(self: Path, *args: object) -> object:
        if self.absolute().is_relative_to(below.absolute()):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args)

    monkeypatch.setattr(Path, method, guarded)


def test_an_unwritable_cache_only_costs_speed(
    content: Path, sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = sealed / "cache"
    _refuse(monkeypatch, "write_bytes", cache)
    result = loader.load([content], cache)
    assert result.problems == ()
    assert len(result.catalog) == 8
    assert list(cache.iterdir()) == []


def test_a_cache_path_that_is_a_file_only_costs_speed(content: Path, sealed: Path) -> None:
    blocker = sealed / "cache"
    blocker.write_text("not a folder")
    result = loader.load([content], blocker / "content")
    assert result.problems == ()
    assert not any(f.cached for f in loader.load([content], blocker / "content").files)


def test_files_are_found_in_order_and_hidden_ones_skipped(write: Write) -> None:
    write("c/b.yaml", BANK)
    write("c/a/x.yml", BLUEPRINT)
    write("c/.git/hidden.yaml", "junk: [")
    write("c/.hidden.yaml", "junk: [")
    write("c/readme.md", "not content")
    paths, problems = loader.find_files([Path("c")])
    assert problems == []
    assert [p.relative_to(Path.cwd()).as_posix() for p in paths] == ["c/a/x.yml", "c/b.yaml"]


def test_an_unreadable_file_is_reported(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("locked.yaml", BANK)
    _refuse(monkeypatch, "read_bytes", path)
    result = loader.load([path])
    assert [str(p) for p in result.problems] == ["locked.yaml: cannot read: Permission denied"]


def test_an_unreadable_folder_is_reported(
    content: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write("locked/bank.yaml", BANK).parent
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != locked and real_access(path, mode)
    )
    result = loader.load([locked, content])
    assert [str(p) for p in result.problems] == ["locked: folder cannot be read"]
    assert len(result.catalog) == 8


def test_an_unreadable_subfolder_is_reported(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("exams"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = loader.load([content])
    assert [str(p) for p in result.problems] == ["content/exams: cannot read: Permission denied"]
    assert len(result.catalog) == 8


def test_a_file_that_vanishes_while_loading_is_reported(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = loader.find_files

    def find_then_delete(roots: list[Path]) -> tuple[list[Path], list[object]]:
        paths, problems = real(roots)
        (content / "law.yaml").unlink()
        return paths, problems  # type: ignore[return-value]

    monkeypatch.setattr(loader, "find_files", find_then_delete)
    result = loader.load([content])
    assert [str(p) for p in result.problems] == [
        "content/law.yaml: cannot read: No such file or directory",
        "content/exams/sample.yaml:10:31: sections[0].draw[0].count: asks for 3 questions "
        "but only 0 match section 'law'",
    ]
    assert len(result.catalog.blueprints) == 1
