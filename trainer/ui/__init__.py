"""The Textual app; the only part of the trainer that imports Textual."""
