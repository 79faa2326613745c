"""The shipped content loads without a single problem and exercises the whole schema."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from trainer import cli, config
from trainer.content import loader, models
from trainer.content.loader import LoadResult


@pytest.fixture(scope="module")
def shipped() -> LoadResult:
    return loader.load(config.shipped_content())


def test_shipped_content_has_no_problems(shipped: LoadResult) -> None:
    assert [str(p) for p in shipped.problems] == []


def test_every_section_has_ten_questions_or_more(shipped: LoadResult) -> None:
    counts = {s: len(shipped.catalog.in_section(s)) for s in shipped.catalog.sections()}
    for section in ("law", "reasoning", "writing", "documents"):
        assert counts.get(section, 0) >= 10, counts


def test_every_question_type_appears(shipped: LoadResult) -> None:
    types = Counter(item.type for item in shipped.catalog.items)
    assert set(types) == set(models.QUESTION_TYPES)


def test_every_exhibit_kind_appears(shipped: LoadResult) -> None:
    kinds = {type(i.question.exhibit) for i in shipped.catalog.items if i.question.exhibit}
    assert kinds == {models.Passage, models.Table, models.DocumentPage}


def test_there_is_a_blueprint_and_a_scenario(shipped: LoadResult) -> None:
    assert shipped.catalog.blueprints
    assert shipped.catalog.scenarios


def test_every_shipped_file_names_its_schema_for_editors() -> None:
    for root in config.shipped_content():
        for path in sorted(root.rglob("*.yaml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema="), path
            schema = (path.parent / first.split("=", 1)[1]).resolve()
            assert schema.is_file(), f"{path}: {schema} is missing"


def test_shipped_schemas_match_the_models() -> None:
    out = io.StringIO()
    assert cli.main(["schema", "--check"], out) == 0, out.getvalue()


def test_validate_passes_on_the_shipped_content() -> None:
    out = io.StringIO()
    assert cli.main(["validate"], out) == 0, out.getvalue()
    assert out.getvalue().endswith("; no problems\n")


def test_catalog_json_of_the_shipped_content_is_valid_json() -> None:
    out = io.StringIO()
    assert cli.main(["catalog", "--json"], out) == 0
    data = json.loads(out.getvalue())
    assert data["questions"] >= 40


def test_schema_files_are_shipped_beside_the_banks() -> None:
    schema = Path(config.shipped_content()[0]) / "schema"
    assert sorted(p.name for p in schema.glob("*.json")) == [
        "bank.schema.json",
        "blueprint.schema.json",
        "scenario.schema.json",
    ]


def test_the_authoring_guide_bank_example_is_valid(tmp_path: Path) -> None:
    guide = (Path(config.shipped_content()[0]) / "README.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n")[2].split("```")[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    parsed = loader.read(path)
    assert parsed.problems == ()
    assert isinstance(parsed.doc, models.Bank)
