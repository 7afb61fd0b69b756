"""One module per record kind; each takes a ParsedDocument and returns records."""
