"""The document's text structure shared by every extractor: paragraphs, sentences, captions, areas."""
