"""A large synthetic bank, written as an instructor would write it, for the loading benchmark."""

from __future__ import annotations

import os
import random
from pathlib import Path

import yaml

TYPES = ("single", "single", "single", "multiple", "true_false", "numeric", "text", "order")
_VOCABULARY = (
    "officer traveler admission inspection visa passport parole waiver secondary primary "
    "declaration currency arrival record interview document expiry issuance carrier manifest "
    "lawful permanent resident citizen applicant burden proof ground fraud misrepresentation"
)
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _question(rng: random.Random, qid: str) -> dict[str, object]:
    qtype = rng.choice(TYPES)
    q: dict[str, object] = {
        "id": qid,
        "type": qtype,
        "prompt": _sentence(rng, rng.randint(12, 40)),
        "explanation": _sentence(rng, 25) + " " + _sentence(rng, 20),
        "references": [f"INA {rng.randint(101, 290)}(a)({rng.randint(1, 9)})"],
        "difficulty": rng.randint(1, 5),
        "tags": rng.sample(["inspection", "fraud", "vwp", "parole", "forms", "removal"], 2),
    }
    options = [_sentence(rng, rng.randint(3, 9)) for _ in range(4)]
    if qtype == "single":
        q |= {"options": options, "answer": rng.choice("ABCD")}
    elif qtype == "multiple":
        q |= {"options": options, "answer": sorted(rng.sample("ABCD", 2))}
    elif qtype == "true_false":
        q |= {"answer": rng.random() < 0.5}
    elif qtype == "numeric":
        q |= {"answer": rng.randint(1, 500), "tolerance": 0.5, "unit": "minutes"}
    elif qtype == "text":
        q |= {"answer": [f"INA 212(a)({rng.randint(1, 9)})"], "citation": True}
    else:
        q |= {"options": options, "answer": rng.sample("ABCD", 4)}
    if rng.random() < 0.1:
        q["exhibit"] = {"kind": "passage", "text": _sentence(rng, 80)}
    return q


def write_banks(
    folder: Path, questions: int = 10_000, files: int = 20, seed: int = 7
) -> list[Path]:
    """Write `questions` questions spread over `files` bank files; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_file = questions // files
    paths = []
    for f in range(files):
        bank = {
            "bank": f"bench-{f:02d}",
            "title": f"Benchmark bank {f}",
            "section": ("law", "reasoning", "writing", "documents")[f % 4],
            "topic": f"topic-{f}",
            "sources": ["INA 235"],
            "questions": [_question(rng, f"bench-{f:02d}-{i:04d}") for i in range(per_file)],
        }
        path = folder / f"bank-{f:02d}.yaml"
        text = yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(text, encoding="utf-8")
        # Banks on disk were written long before they are loaded; so are these.
        old = path.stat().st_mtime - 3600
        os.utime(path, (old, old))
        paths.append(path)
    return paths
