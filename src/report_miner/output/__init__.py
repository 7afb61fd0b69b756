"""Writing results: CSV tables, the JSON schema and pandas frames (export)."""
