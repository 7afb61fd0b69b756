"""documents.csv: board, local authorities, document type and period (period) of a report."""
