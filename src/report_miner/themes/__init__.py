"""themes.csv and theme_mentions.csv: the spaCy theme tagger driven by patterns/."""
