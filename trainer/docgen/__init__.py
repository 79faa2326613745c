"""Document review: ICAO 9303 MRZ building and checking, generated documents with planted
defects, and the exercises asked about them.

What the generator makes (documents, travelers, trips, readings, findings, exercises) is a frozen
msgspec Struct, made several times faster than a frozen dataclass: a set costs dozens of them.
The fixed tables (layouts, countries, defect kinds) are frozen dataclasses.
"""
