"""Generated document-review exercises (ICAO 9303 MRZ, data pages); built by its own issue."""
