"""The errors report-miner raises on purpose, and the exit status the command line gives each.

A problem with one PDF is data (an error row), never an exception here. These are the problems
that stop a whole run: bad patterns or options (the user must change something: status 2) and
output that cannot be written (status 1).
"""

from __future__ import annotations


class ReportMinerError(Exception):
    """Base of the errors that end a run with a one-line message."""

    exit_status = 1


class UsageError(ReportMinerError):
    """Options or inputs that cannot work as given."""

    exit_status = 2


class PatternsError(UsageError):
    """A patterns file that cannot be read; the message names the file and, where known, the line."""


class OutputError(ReportMinerError):
    """The output folder or a file in it cannot be written."""
