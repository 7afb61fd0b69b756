"""themes.csv and theme_mentions.csv: the spaCy theme tagger driven by patterns/."""

from .spacy_import import import_spacy

# before any module of this package imports from spaCy: without spaCy's command line
import_spacy()
