"""The states documents come from: the fictional Utopia and a few real ISO 3166 alpha-3 codes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Country:
    """A state: code, name, the nationality as a data page prints it, towns, Visa Waiver use."""

    code: str
    name: str
    nationality: str
    towns: tuple[str, ...]
    visa_waiver: bool


# Visa Waiver Program membership is general knowledge as of 2025; an exercise states the
# traveler's ESTA explicitly, so no answer depends on this column being current.
_TABLE = (
    Country("UTO", "Utopia", "UTOPIAN", ("Zenith", "Port Amara", "Lindenholm", "Velvik"), True),
    Country("GBR", "United Kingdom", "BRITISH", ("Leeds", "Glasgow", "Norwich"), True),
    Country("FRA", "France", "FRENCH", ("Lyon", "Nantes", "Lille"), True),
    Country("ITA", "Italy", "ITALIAN", ("Turin", "Bari", "Verona"), True),
    Country("ESP", "Spain", "SPANISH", ("Sevilla", "Bilbao", "Zaragoza"), True),
    Country("NLD", "Netherlands", "DUTCH", ("Utrecht", "Groningen", "Delft"), True),
    Country("SWE", "Sweden", "SWEDISH", ("Malmö", "Uppsala", "Umeå"), True),
    Country("POL", "Poland", "POLISH", ("Kraków", "Gdańsk", "Łódź"), True),
    Country("PRT", "Portugal", "PORTUGUESE", ("Porto", "Braga", "Coimbra"), True),
    Country("JPN", "Japan", "JAPANESE", ("Osaka", "Sapporo", "Sendai"), True),
    Country("AUS", "Australia", "AUSTRALIAN", ("Perth", "Hobart", "Cairns"), True),
    Country("MEX", "Mexico", "MEXICAN", ("Puebla", "Monterrey", "Mérida"), False),
    Country("BRA", "Brazil", "BRAZILIAN", ("Recife", "Curitiba", "Belém"), False),
    Country("IND", "India", "INDIAN", ("Pune", "Jaipur", "Kochi"), False),
    Country("PHL", "Philippines", "FILIPINO", ("Cebu", "Davao", "Iloilo"), False),
    Country("NGA", "Nigeria", "NIGERIAN", ("Ibadan", "Enugu", "Kano"), False),
    Country("COL", "Colombia", "COLOMBIAN", ("Medellín", "Cali", "Bogotá"), False),
    Country("VNM", "Viet Nam", "VIETNAMESE", ("Huế", "Da Nang", "Hai Phong"), False),
)

COUNTRIES: Mapping[str, Country] = {c.code: c for c in _TABLE}
CODES = tuple(COUNTRIES)
VISA_WAIVER = tuple(c.code for c in _TABLE if c.visa_waiver)

# The state a visa is issued by and the arrival ports: the trainer's exercises are set at a US
# port of entry.
HOST = "USA"
PORTS = (
    "New York (JFK)",
    "Newark (EWR)",
    "Miami (MIA)",
    "Chicago (ORD)",
    "Houston (IAH)",
    "Los Angeles (LAX)",
    "Seattle (SEA)",
    "Atlanta (ATL)",
)


def nationality(code: str) -> str:
    """The nationality a data page prints for `code` (the code itself when it is not listed)."""
    country = COUNTRIES.get(code)
    return country.nationality if country else code
