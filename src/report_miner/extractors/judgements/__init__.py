"""judgements.csv: the graded judgements of Ofsted inspection reports (local authority and LSCB)."""
