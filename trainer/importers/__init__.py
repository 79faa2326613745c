"""Reading question files of other tools (GIFT, Aiken, Moodle XML, Anki) into banks, and back.

Each format has one module that reads it into drafts (questions of our schema with the place they
came from) and, where the format can hold questions, writes a bank out again; `writer` turns drafts
into YAML banks and `commands` holds the `trainer import` and `trainer export-bank` commands.
"""
