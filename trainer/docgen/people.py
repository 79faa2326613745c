"""Fictional travelers: names drawn from small built-in lists of common and invented names."""

from __future__ import annotations

import random
from datetime import date, timedelta

from msgspec import Struct

from trainer.docgen import countries, dates
from trainer.docgen.mrz import Sex

# Given names and surnames are common or invented; a traveler combines them at random, so any
# likeness to a real person is chance. Diacritics, hyphens, apostrophes and particles are here on
# purpose: each exercises a transliteration rule.
GIVEN_F = (
    "Anna",
    "María José",
    "Sofía",
    "Léa",
    "Zoë",
    "Aiko",
    "Ngozi",
    "Priya",
    "Maja",
    "Chloé",
    "Inês",
    "Astrid",
    "Noor",
    "Ewa",
    "Thuy",
    "Grace",
    "Ingrid",
    "Amara",
    "Yuki",
    "Élodie",
    "Marta",
    "Oona",
    "Anne-Sophie",
    "Begoña",
)
GIVEN_M = (
    "Lukas",
    "José",
    "Mateo",
    "Jakub",
    "Kenji",
    "Oluwaseun",
    "Rahul",
    "Björn",
    "Tomás",
    "Luca",
    "Émile",
    "Sven",
    "Kwame",
    "Diego",
    "Jonas",
    "Hiroshi",
    "Pavel",
    "Rafael",
    "Tariq",
    "Niall",
    "Ömer",
    "Jean-Luc",
    "Øystein",
    "Andrés",
)
SURNAMES = (
    "Álvarez",
    "Núñez",
    "Hernández Ortega",
    "Müller",
    "Søndergaard",
    "O'Connor",
    "Kowalski",
    "Tanaka",
    "Okafor",
    "Nguyen",
    "Rossi",
    "Ferreira",
    "da Silva",
    "van der Berg",
    "Smith-Jones",
    "Åberg",
    "Dubois",
    "Łukasik",
    "Petrović",
    "Moreau",
    "Haddad",
    "Mensah",
    "Reyes",
    "Lindqvist",
    "Bianchi",
    "Papadakis",
    "Adeyemi",
    "Wójcik",
    "Quellmark",
    "Varnholt",
    "Esterbrook",
    "Tallinger",
    "Ombrecht",
    "Pellucido",
    "Marrowind",
    "Kestova",
    "Brandvik",
    "Oyelaran-Whitfield",
)


_SEXES: tuple[Sex, ...] = ("F", "M", "X")
# Weights 48, 48 and 4, summed once (`choices` would add them up on every draw).
_SEX_CUM_WEIGHTS = (48, 96, 100)


class Person(Struct, frozen=True, gc=False):
    """A traveler as the documents describe them."""

    surname: str
    given_names: str
    sex: Sex
    birth_date: date
    birth_place: str
    nationality: str


def invent(rng: random.Random, today: date, nationality: str | None = None) -> Person:
    """A fictional adult traveler (18 to 75 years old on `today`)."""
    code = nationality or rng.choice(countries.CODES)
    sex = rng.choices(_SEXES, cum_weights=_SEX_CUM_WEIGHTS)[0]
    pool = GIVEN_F if sex == "F" else GIVEN_M if sex == "M" else GIVEN_F + GIVEN_M
    given = rng.choice(pool)
    if rng.random() < 0.3:
        second = rng.choice(pool)
        if second != given:
            given = f"{given} {second}"
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.1:
        other = rng.choice(SURNAMES)
        if other != surname:
            surname = f"{surname} {other}"
    youngest = dates.add_years(today, -18) - timedelta(days=1)
    born = youngest - timedelta(days=rng.randrange(57 * 365))
    town = rng.choice(countries.COUNTRIES[code].towns) if code in countries.COUNTRIES else "Zenith"
    return Person(surname, given, sex, born, town, code)
