"""The patterns folder as one checked configuration: the loaded Patterns, schema validation and the
merged codebook."""

from .codebook import codebook_rows, load_codebook, merge_codebooks
from .patterns import Patterns, patterns_for
from .validate import PatternError, check_folder, check_text

__all__ = ["PatternError", "Patterns", "check_folder", "check_text", "codebook_rows", "load_codebook",
           "merge_codebooks", "patterns_for"]
