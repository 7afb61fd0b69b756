"""training.csv: courses and attendance from training tables and sentences."""
