"""Running a batch: discovery, workers, limits, cache."""
