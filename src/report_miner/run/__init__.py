"""Running extraction: one document (pipeline), many on a worker pool or a Dask cluster, limits, cache."""
