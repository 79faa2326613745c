"""Anki text exports and packages: fronts, backs, cloze, HTML, tags, decks, and hostile packages."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from trainer.content.models import TextAnswer
from trainer.importers import anki
from trainer.importers.base import MAX_UNPACKED_BYTES, Imported, Refused

BASIC = 1_000
CLOZE = 2_000


def collection(path: Path, notes: list[tuple[int, str, str]], *, modern: bool = False) -> bytes:
    """A minimal real collection: notes (note type, fields joined by \\x1f, tags) and cards."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE col (id INTEGER PRIMARY KEY, models TEXT, decks TEXT)")
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, mid INTEGER, flds TEXT, tags TEXT)")
    db.execute("CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, ord INTEGER)")
    models = {
        str(BASIC): {"name": "Basic", "type": 0, "flds": [
            {"name": "Back", "ord": 1}, {"name": "Front", "ord": 0}]},
        str(CLOZE): {"name": "Cloze", "type": 1, "flds": [
            {"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}]},
    }  # fmt: skip
    decks = {"1": {"name": "Default"}, "7": {"name": "Border::Admission"}}
    if modern:
        db.execute("CREATE TABLE notetypes (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("CREATE TABLE fields (ntid INTEGER, ord INTEGER, name TEXT)")
        db.execute("CREATE TABLE decks (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO notetypes VALUES (?, 'Basic'), (?, 'Cloze')", (BASIC, CLOZE))
        db.executemany(
            "INSERT INTO fields VALUES (?, ?, ?)",
            [(BASIC, 0, "Front"), (BASIC, 1, "Back"), (CLOZE, 0, "Text"), (CLOZE, 1, "Extra")],
        )
        db.execute("INSERT INTO decks VALUES (7, 'Border\x1fAdmission')")
        db.execute("INSERT INTO col VALUES (1, '', '')")
    else:
        db.execute("INSERT INTO col VALUES (1, ?, ?)", (json.dumps(models), json.dumps(decks)))
    for nid, (mid, fields, tags) in enumerate(notes, 100):
        db.execute("INSERT INTO notes VALUES (?, ?, ?, ?)", (nid, mid, fields, tags))
        db.execute("INSERT INTO cards VALUES (?, ?, 7, 0)", (nid * 10, nid))
    db.commit()
    db.close()
    return path.read_bytes()


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


NOTES = [
    (BASIC, "Which form records an arrival?\x1f<b>Form I-94</b>", "forms cbp::arrival"),
    (CLOZE, "A VWP visitor may stay {{c1::90}} days (INA {{c2::217}}).\x1fNo extensions.", ""),
]


def _questions(imported: Imported) -> list[TextAnswer]:
    questions = [d.question for d in imported.drafts]
    assert all(isinstance(q, TextAnswer) for q in questions)
    return questions  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("member", "modern"),
    [("collection.anki2", False), ("collection.anki21", False), ("collection.anki21b", True)],
)
def test_a_package_gives_a_text_question_per_card(
    tmp_path: Path, member: str, modern: bool
) -> None:
    data = collection(tmp_path / "c.db", NOTES, modern=modern)
    if member.endswith("b"):
        data = zstandard.ZstdCompressor().compress(data)
    imported = anki.load_package(package({member: data, "media": b"{}"}), "deck.apkg")
    basic, first, second = _questions(imported)
    # The note type lists Back before Front; the field names decide which is which.
    assert (basic.prompt, basic.answer, basic.explanation) == (
        "Which form records an arrival?",
        ("Form I-94",),
        "Form I-94",
    )
    assert basic.tags == ("forms", "cbp-arrival")
    assert first.prompt == "A VWP visitor may stay [...] days (INA 217)."
    assert first.answer == ("90",)
    assert second.prompt == "A VWP visitor may stay 90 days (INA [...])."
    assert second.explanation == "A VWP visitor may stay 90 days (INA 217).\n\nNo extensions."
    assert {d.category for d in imported.drafts} == {"Admission"}
    assert imported.refused == 0


def test_a_modern_package_is_preferred_to_the_legacy_stub(tmp_path: Path) -> None:
    stub = collection(tmp_path / "stub.db", [(BASIC, "Please update Anki\x1fnow", "")])
    real = zstandard.ZstdCompressor().compress(collection(tmp_path / "real.db", NOTES[:1]))
    members = {"collection.anki2": stub, "collection.anki21b": real}
    imported = anki.load_package(package(members), "deck.apkg")
    assert [q.prompt for q in _questions(imported)] == ["Which form records an arrival?"]


def test_empty_fields_images_and_sounds_are_reported(tmp_path: Path) -> None:
    notes = [
        (BASIC, "\x1fan answer", ""),
        (BASIC, 'Flag? <img src="flag.png">\x1fGreen [sound:say.mp3]', ""),
    ]
    imported = anki.load_package(package({"collection.anki2": collection(tmp_path / "c", notes)}),
                                 "deck.apkg")  # fmt: skip
    shown = [str(p) for p in imported.problems]
    assert "deck.apkg: note 1 (id 100): the front is empty" in shown
    assert any("note 2 (id 101): the front: an image flag.png is not imported" in p for p in shown)
    assert any("the sound 'say.mp3' is not imported" in p for p in shown)
    assert [q.answer for q in _questions(imported)] == [("Green",)]
    assert imported.refused == 1


def test_what_is_not_a_package_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="not a zip file"):
        anki.load_package(b"PK\x03\x04 but not a zip", "x.apkg")
    with pytest.raises(Refused, match=r"no collection\.anki21b"):
        anki.load_package(package({"notes.txt": b"hello"}), "x.apkg")
    with pytest.raises(Refused, match="not a readable Anki collection"):
        anki.load_package(package({"collection.anki2": b"not sqlite at all" * 10}), "x.apkg")
    with pytest.raises(Refused, match="is not zstd-compressed"):
        anki.load_package(package({"collection.anki21b": b"plain bytes"}), "x.apkg")


def test_a_zip_bomb_is_refused_by_its_actual_size() -> None:
    # A member whose header claims a small size but holds far more: read in chunks, cut at the cap.
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1024 * 1024)
        for _ in range(MAX_UNPACKED_BYTES // len(block) + 2):
            member.write(block)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(Refused, match=r"says it unpacks to|unpacks to more than"):
        anki.load_package(data, "bomb.apkg")


def test_a_zip_member_that_understates_its_size_is_refused() -> None:
    data = bytearray(package({"collection.anki2": b"\0" * 5000}))
    # Claim 500 bytes unpacked, in the local header and in the central directory.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at : at + 4] = (500).to_bytes(4, "little")
    with pytest.raises(Refused, match="is damaged"):
        anki.load_package(bytes(data), "liar.apkg")


def test_a_zstd_bomb_is_refused_by_its_declared_size() -> None:
    huge = zstandard.ZstdCompressor().compress(b"\0" * (MAX_UNPACKED_BYTES + 1))
    with pytest.raises(Refused, match="says it unpacks to"):
        anki.load_package(package({"collection.anki21b": huge}), "bomb.apkg")


def test_a_zstd_stream_without_a_size_is_cut_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki, "MAX_UNPACKED_BYTES", 1000)
    stream = io.BytesIO()
    with zstandard.ZstdCompressor().stream_writer(stream, closefd=False) as writer:
        writer.write(b"\0" * 5000)
    with pytest.raises(Refused, match="unpacks to more than"):
        anki.load_package(package({"collection.anki21b": stream.getvalue()}), "bomb.apkg")


EXPORT = (
    "#separator:tab\n"
    "#html:true\n"
    "#deck:Border::Visas\n"
    "#tags:imported\n"
    "#tags column:3\n"
    "What does VWP stand for?\tVisa Waiver <i>Program</i>\tvwp\n"
    '"Two\nlines"\t"a ""quoted"" back"\t\n'
    "no back here\n"
    "\tan answer without a front\t\n"
)


def test_a_text_export_reads_its_headers_fields_tags_and_deck() -> None:
    imported = anki.load_text(EXPORT, "notes.txt")
    first, second = _questions(imported)
    assert (first.prompt, first.answer, first.tags) == (
        "What does VWP stand for?",
        ("Visa Waiver Program",),
        ("imported", "vwp"),
    )
    assert (second.prompt, second.answer) == ("Two lines", ('a "quoted" back',))
    assert {d.category for d in imported.drafts} == {"Visas"}
    assert [str(p) for p in imported.problems] == [
        "notes.txt:9:1: a note needs a front and a back; it has 1 field",
        "notes.txt:10:1: the front is empty",
    ]


def test_a_text_export_without_html_keeps_markup_as_text() -> None:
    imported = anki.load_text("#separator:semicolon\n#html:false\na <b>;x & y\n", "n.txt")
    (question,) = _questions(imported)
    assert (question.prompt, question.answer) == ("a <b>", ("x & y",))


def test_columns_name_the_front_and_back_and_the_separator_can_be_guessed() -> None:
    imported = anki.load_text("#columns:Back,Front\nanswer,question\n", "n.csv")
    (question,) = _questions(imported)
    assert (question.prompt, question.answer) == ("question", ("answer",))
    (guessed,) = _questions(anki.load_text("q;a\n", "n.txt"))
    assert (guessed.prompt, guessed.answer) == ("q", ("a",))


def test_broken_quoting_refuses_that_note_and_the_rest_import() -> None:
    imported = anki.load_text('#separator:tab\n"open"x\tb\nq\ta\n', "n.txt")
    assert [q.prompt for q in _questions(imported)] == ["q"]
    assert [p.line for p in imported.problems] == [2]
    assert "broken quoting" in imported.problems[0].message
