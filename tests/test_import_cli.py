"""`trainer import` and `trainer export-bank`: what is written, exit codes, refusals, examples."""

from __future__ import annotations

import gc
import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import Write, problems_of
from trainer import cli, config
from trainer.content import loader
from trainer.content.models import Bank
from trainer.importers import writer
from trainer.importers.base import MAX_FILE_BYTES
from trainer.importers.files import read_file

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def no_shipped_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the banks these tests write are loaded."""
    monkeypatch.setattr(config, "shipped_content", lambda: [Path("no-shipped-content")])


def test_the_shipped_examples_import_and_validate(sealed: Path) -> None:
    for name in ("admission.gift", "admission-aiken.txt"):
        shutil.copy(EXAMPLES / name, sealed / name)
    code, out = run("import", "admission.gift", "admission-aiken.txt", "--to", "banks",
                    "--section", "law")  # fmt: skip
    assert code == 0, out
    assert "wrote banks/admission.yaml: 6 questions from admission.gift (GIFT)" in out
    assert "wrote banks/admission-aiken.yaml: 3 questions from admission-aiken.txt (Aiken)" in out
    assert problems_of(Path("banks")) == []
    text = Path("banks/admission.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "sources:\n  - Imported from admission.gift (GIFT)\n" in text
    code, out = run("validate", "banks")
    assert code == 0, out


def test_a_refused_question_exits_1_and_the_others_are_written(write: Write) -> None:
    write("quiz.gift", "Good {T}\n\nBroken {=a ~b\n\nAlso good {F}\n")
    code, out = run("import", "quiz.gift", "--to", "banks")
    assert code == 1
    assert out.splitlines()[1] == (
        "quiz.gift:3:8: '{' is never closed: the answers need a '}' before the blank line"
    )
    assert "wrote banks/quiz.yaml: 2 questions from quiz.gift (GIFT)" in out


def test_nothing_is_overwritten_without_force(write: Write) -> None:
    write("quiz.gift", "Q {T}\n")
    assert run("import", "quiz.gift", "--to", "banks")[0] == 0
    Path("banks/quiz.yaml").write_text("mine", encoding="utf-8")
    code, out = run("import", "quiz.gift", "--to", "banks")
    assert code == 1
    assert "banks/quiz.yaml: exists; not overwritten (give --force to replace it)" in out
    assert Path("banks/quiz.yaml").read_text(encoding="utf-8") == "mine"
    assert run("import", "quiz.gift", "--to", "banks", "--force")[0] == 0
    assert Path("banks/quiz.yaml").read_text(encoding="utf-8") != "mine"


def test_the_format_is_told_from_the_content_not_the_name(write: Write) -> None:
    write("looks-like-aiken.xml", "Q?\nA. yes\nB. no\nANSWER: A\n")
    write("gift.txt", "Q {T}\n")
    code, out = run("import", "looks-like-aiken.xml", "gift.txt", "--to", "banks")
    assert code == 0, out
    assert "(Aiken)" in out
    assert "from gift.txt (GIFT)" in out


def test_topic_and_section_are_used_and_categories_give_topics(write: Write) -> None:
    write("quiz.gift", "$CATEGORY: $course$/top/Visa Waiver\n\nQ {T}\n")
    assert run("import", "quiz.gift", "--to", "a", "--section", "law")[0] == 0
    text = Path("a/quiz.yaml").read_text(encoding="utf-8")
    assert "section: law\ntopic: visa-waiver\n" in text
    code, out = run("import", "quiz.gift", "--to", "b", "--topic", "vwp")
    assert code == 0
    assert "categories are not used as topics, since --topic vwp was given" in out
    assert "section: imported\ntopic: vwp\n" in Path("b/quiz.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--section", "Law Section"], "--section must be an id"),
        (["--topic", "a b"], "--topic must be an id"),
    ],
)
def test_misuse_exits_2(
    write: Write, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    write("quiz.gift", "Q {T}\n")
    assert run("import", "quiz.gift", "--to", "banks", *argv)[0] == 2
    assert message in capsys.readouterr().err


def test_a_missing_to_is_a_usage_error(write: Write) -> None:
    write("quiz.gift", "Q {T}\n")
    with pytest.raises(SystemExit) as exited:
        run("import", "quiz.gift")
    assert exited.value.code == 2


def test_a_huge_file_is_refused_before_it_is_read(sealed: Path) -> None:
    huge = sealed / "huge.gift"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written or read
    code, out = run("import", "huge.gift", "--to", "banks")
    assert code == 1
    assert out.splitlines()[0] == "huge.gift: file is 50.0 MB; the limit is 50 MB"
    assert not Path("banks").exists()


def test_invalid_utf8_is_refused_at_the_bad_byte(sealed: Path) -> None:
    (sealed / "quiz.gift").write_bytes(b"Q {T}\n\nCaf\xe9 au lait? {F}\n")
    code, out = run("import", "quiz.gift", "--to", "banks")
    assert code == 1
    assert out.splitlines()[0] == (
        "quiz.gift:3:4: not UTF-8: byte 0xe9 cannot be read; save the file as UTF-8"
    )


def test_an_unknown_format_and_a_missing_file_are_refused(write: Write) -> None:
    write("notes.md", "Just some notes.\n")
    code, out = run("import", "notes.md", "missing.gift", "--to", "banks")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("notes.md: cannot tell the format from the content; name it")
    assert lines[2] == "missing.gift: cannot read: No such file or directory"


def test_format_names_the_reader(write: Write) -> None:
    write("notes.md", "Front\tBack\n")
    code, out = run("import", "notes.md", "--to", "banks", "--format", "anki-text")
    assert code == 0, out
    assert "wrote banks/notes.yaml: 1 question from notes.md (Anki text)" in out


def test_a_large_import_is_split_into_banks_the_loader_accepts(write: Write) -> None:
    long = "x" * 3000
    write("big.gift", "\n\n".join(f"{long} {i}? {{T}}" for i in range(1400)) + "\n")
    code, out = run("import", "big.gift", "--to", "banks")
    assert code == 0, out
    assert "wrote banks/big.yaml" in out
    assert "wrote banks/big-2.yaml" in out
    assert problems_of(Path("banks")) == []


BANK = """\
bank: law-sample
title: Sample
section: law
topic: admission
questions:
  - id: s-1
    type: single
    prompt: "Which section covers inspection?"
    options: ["INA 212", "INA 235"]
    answer: B
    explanation: INA 235 covers inspection.
    difficulty: 2
    references: ["INA 235"]
  - id: s-2
    type: rate
    prompt: Rate each action.
    options: [Greet, Shout]
    answer: [5, 1]
    explanation: Greeting works.
    difficulty: 2
"""


def test_export_bank_by_path_and_by_id(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    write("content/law.yaml", BANK)
    code, out = run("export-bank", "--format", "gift", "content/law.yaml")
    assert code == 1  # the rate question cannot be written as GIFT
    assert "// [id:s-1] [difficulty:2] [reference:INA 235]" in out
    assert "law-sample: s-2: warning: left out: it is a rate question" in capsys.readouterr().err
    code, out = run("export-bank", "--content", "content", "--format", "moodle-xml",
                    "law-sample", "--out", "law.xml")  # fmt: skip
    assert code == 1
    assert out == "1 questions written to law.xml (Moodle XML)\n"
    code, out = run("import", "law.xml", "--to", "back")
    assert code == 0, out
    assert "wrote back/law.yaml: 1 question from law.xml (Moodle XML)" in out


def test_export_bank_names_a_bank_it_cannot_find(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("export-bank", "--format", "aiken", "nowhere")[0] == 1
    assert "no bank 'nowhere'" in capsys.readouterr().err


def test_the_answer_export_still_takes_csv_and_json() -> None:
    with pytest.raises(SystemExit):
        run("export", "--format", "gift")


TRICKY = """\
// [id:plain] [tag:visas] [difficulty:4] [reference:INA 212(a)(6)(C)(i)]
::T:: yes {=no ~null ~123 ~1e3 #said: "quoted" ~'single' ####a: b # c}

[markdown]First line\\nsecond line\\n\\n  indented {T}

How many? {#3.5:0.25}

Match. {=one -> 1 =two -> 2 = -> 3}

Which? {~%50%tilde\\~ ~%50%\\{brace\\} ~%-100%café “curly” ~%-100%tab-free}

Text {=word =other word}
"""


def test_written_banks_load_back_as_the_questions_imported(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `trainer import` writes reads back through the loader as the imported questions, in
    every bank file when a file is split into parts."""
    monkeypatch.setattr(writer, "SPLIT_BYTES", 1200)
    long = " ".join(["A long explanation folded over several lines."] * 8)
    path = write("quiz.gift", TRICKY + f"\nQ {{F ####{long}}}\n")
    _, expected, _ = writer.assign(read_file(path, "quiz.gift"), "quiz", None, set())
    code, out = run("import", "quiz.gift", "--to", "banks")
    assert code == 0, out
    result = loader.load([Path("banks")])
    assert [str(p) for p in result.problems] == []
    assert len(result.files) > 2
    back = [q for f in result.files if isinstance(f.doc, Bank) for q in f.doc.questions]
    assert sorted(back, key=lambda q: q.id) == sorted(expected, key=lambda q: q.id)
    assert len(expected) == 7


def test_a_bank_the_writer_refuses_fails_the_import(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "header_fault", lambda header: "title: too odd")
    write("quiz.gift", "Q {T}\n")
    code, out = run("import", "quiz.gift", "--to", "banks")
    assert code == 1
    assert "quiz.gift: bank quiz not written: title: too odd" in out.splitlines()
    assert not Path("banks").exists()


def test_the_import_leaves_the_cyclic_collector_as_it_found_it(write: Write) -> None:
    write("quiz.gift", "Q {T}\n")
    assert gc.isenabled()
    assert run("import", "quiz.gift", "--to", "banks")[0] == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert run("import", "quiz.gift", "--to", "again")[0] == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
