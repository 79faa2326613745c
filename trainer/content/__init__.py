"""Content: typed models of banks, blueprints and scenarios; loading, validating and the catalog."""
