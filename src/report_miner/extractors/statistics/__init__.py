"""statistics.csv: figures from tables (tables), sentences (sentences, tokens), metric names (vocab)."""
