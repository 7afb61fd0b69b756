"""spaCy, imported without its command line.

`import spacy` loads spaCy's whole command line (typer, weasel, httpx, requests and more) only to
offer `spacy.info` at the top of the package: a third of spaCy's import time, paid in the parent
before the first warm worker can start. The tagger needs the tokenizer and the matchers only.

So spaCy is imported with a stand-in for `spacy.cli.info`, whose `info` imports the real one when
called, and the stand-in is taken away again at once: an `import spacy.cli` anywhere later (a
researcher's notebook, say) loads the real command line as usual. A spaCy release that takes more
than `info` from its command line makes the stand-in fail to import, and spaCy is then imported
the ordinary way.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, from the real command line, imported on first call."""
    return import_module(_INFO).info(*args, **kwargs)


def _stand_ins() -> dict[str, ModuleType]:
    cli = ModuleType(_CLI, "stand-in while spaCy's package imports (themes/spacy_import.py)")
    cli.__path__ = []  # a package, so that `spacy.cli.info` can be looked up under it
    info = ModuleType(_INFO)
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    return {_CLI: cli, _INFO: info}


def _forget(stand_ins: dict[str, ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


def import_spacy() -> ModuleType:
    """The spaCy package, imported here without its command line unless it is loaded already."""
    if "spacy" in sys.modules or _CLI in sys.modules:
        return import_module("spacy")
    stand_ins = _stand_ins()
    sys.modules.update(stand_ins)
    try:
        spacy = import_module("spacy")
    except ImportError:
        _forget(stand_ins)
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]  # half-imported with the stand-in: start again, whole
        return import_module("spacy")
    finally:
        _forget(stand_ins)
    if getattr(spacy, "cli", None) is stand_ins[_CLI]:
        del spacy.cli  # the next `import spacy.cli` finds and sets the real one
    return spacy
