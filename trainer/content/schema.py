"""JSON Schemas generated from the content models, for editors that check YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from trainer.content import models

FILES: dict[str, type[msgspec.Struct]] = {
    "bank.schema.json": models.Bank,
    "blueprint.schema.json": models.Blueprint,
    "scenario.schema.json": models.Scenario,
}


def render(model: type[msgspec.Struct]) -> str:
    """The schema of one kind of content file, as stable, indented JSON."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"trainer {model.__name__.lower()} file",
        **msgspec.json.schema(model),
    }
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def stale(folder: Path) -> list[str]:
    """Names of the schema files in the folder that are missing or differ from the models."""
    out = []
    for name, model in FILES.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(model):
            out.append(name)
    return out


def write(folder: Path) -> list[Path]:
    """Write every schema into the folder; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in FILES.items():
        path = folder / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written
