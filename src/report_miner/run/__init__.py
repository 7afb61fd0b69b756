"""Running extraction: one document (pipeline), many in worker processes (batch), the result cache."""
