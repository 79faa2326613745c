"""Document review: ICAO 9303 MRZ building and checking, generated documents with planted
defects, and the exercises asked about them."""
