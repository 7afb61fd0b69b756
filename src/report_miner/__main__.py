"""`python -m report_miner`: the same as the `report-miner` command."""

from .console import run

run()
