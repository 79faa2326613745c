"""The core is UI-free: each core module imports in a fresh interpreter without Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import trainer

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(trainer.__path__, "trainer.")
    # The web front end stands on textual-serve, which logs through Rich.
    if not m.name.startswith(("trainer.ui", "trainer.web", "trainer.__main__"))
)


def test_the_core_has_modules() -> None:
    assert "trainer.content.loader" in CORE
    assert "trainer.cli" in CORE


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_without_the_ui(module: str) -> None:
    probe = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith('trainer.ui')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
