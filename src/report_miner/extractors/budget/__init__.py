"""budget.csv: income and spend lines from budget tables (extractor) and prose (narrative)."""
