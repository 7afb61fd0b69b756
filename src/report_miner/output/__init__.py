"""Writing a batch's output folder."""
