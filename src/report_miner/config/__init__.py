"""The patterns folder as one checked configuration: schema validation and the merged codebook."""

from .codebook import codebook_rows, load_codebook, merge_codebooks
from .validate import PatternError, check_folder, check_text

__all__ = ["PatternError", "check_folder", "check_text", "codebook_rows", "load_codebook", "merge_codebooks"]
