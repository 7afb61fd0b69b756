"""The `report-miner` console entry point (and `python -m report_miner`).

Start-up creates hundreds of thousands of long-lived objects (modules, classes, vocabularies, the
spaCy pipeline) and frees almost none, so the cyclic collector would scan the growing heap again
and again for nothing: about a tenth of the time before the first worker starts. It is therefore
off while the command line loads; the command turns it back on (cli.main) and the pipeline's own
warm-up pauses it again while it builds (run/work.py).
"""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from .cli import run as command_line

    command_line()
