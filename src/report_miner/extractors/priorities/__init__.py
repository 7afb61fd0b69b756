"""priorities.csv: the board's priorities from numbered and bulleted lists (lines) and tables."""
