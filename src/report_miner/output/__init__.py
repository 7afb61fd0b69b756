"""Writing results: the output folder (staging, lock, swap), tables, run.json, schema, pandas frames."""
