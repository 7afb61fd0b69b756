"""Theme tagging with a spaCy codebook (patterns/themes.yaml).

The pipeline needs no model download: a blank English tokenizer, the sentencizer's rule and the
lookup lemma table of spacy-lookups-data. The lookup table is case-sensitive ("Neglected" is not in
it), so every token's LEMMA is replaced by the lemma of its lower-cased form; codebook phrases are
then matched on that attribute and headings in capitals match like running text. Acronyms and names
whose meaning depends on case ("Prevent" the programme, "SEN") are matched on the printed text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.lang.en import English
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from thinc.types import Ints2d

    from ..config.patterns import Patterns

from ..lexicon import lemma_lookup
from ..models import ThemeMention, ThemeResult
from ..reader import ParsedDocument
from ..run.limits import bounded_chunks
from ..text.layer import Block, BlockKind, TextLayer, build_text
from .arrays import PatternGate, SentenceStarts
from .basis import hit_basis, ordered
from .gate import Required, TextGate, required_words, special_cases
from .mentions import assign_mention_ids

CODEBOOK = "themes.yaml"
# same-length substitutions, so character offsets still point into the original text
_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " "})
NEGATORS = frozenset({"no", "not", "n't", "never", "none", "nil", "zero", "neither", "nor", "without"})
# "not only", "no longer" and friends do not deny what follows them
NON_NEGATING_NEXT = frozenset({"only", "just", "longer", "doubt", "matter", "less", "more", "exception"})
NEGATED_AFTER = frozenset({"none", "nil"})
CLAUSE_BREAKS = frozenset({";", ":", "but", "however", "although", "whilst", "while", "(", ")", "\t",
                           "which", "who", "that", "where", "when", "whether"})
PREPOSITIONS = frozenset({"to", "by", "with", "from", "for", "within", "at", "on", "in", "of", "about"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "their", "our", "its", "his",
                         "her"})
# "no cases of FGM": "of" after a count noun keeps the negation on the theme
COUNTABLE = frozenset({"case", "incident", "referral", "report", "instance", "evidence", "concern", "victim",
                       "example", "notification", "episode", "sign", "indication", "record", "new"})
BATCH_SIZE = 64


@dataclass
class _Paragraph:
    page: int
    text: str
    heading: bool  # a short line on its own or a table row: a mention here is a deliberate topic
    block: Block


@dataclass
class _Hit:
    theme: str
    paragraph: int
    page: int
    text: str
    sentence: str
    negated: bool
    basis: str  # what makes this one mention substantive on its own (themes/basis.py), or ""


@dataclass
class _ThemeSpec:
    theme: str
    description: str = ""
    examples: list[str] = field(default_factory=list)


def _strings(entry: dict[str, Any], kind: str) -> list[str]:
    return [str(p) for p in entry.get(kind) or []]


def _normalise(text: str) -> str:
    return _HYPHEN.sub(" ", text.translate(_QUOTES))


class ThemeTagger:
    """Finds codebook themes in documents and short texts. Build once, reuse for every document."""

    def __init__(self, codebook: dict[str, Any], source: Path | None, patterns: Patterns) -> None:
        self.source = source
        self.config = patterns  # where it came from; a bare document is read with its gazetteer
        settings = codebook.get("settings") or {}
        self.min_mentions = int(settings.get("min_mentions", 2))
        self.negation_window = int(settings.get("negation_window", 6))
        self.nlp = self._build_nlp()
        self._table = lemma_lookup()
        self._lemma_cache: dict[str, int] = {}
        self._lemma_by_lower: dict[int, int] = {}
        self.specs: list[_ThemeSpec] = []
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.terms = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.patterns = Matcher(self.nlp.vocab)
        self._gate = PatternGate()
        rules: dict[str, list[dict[int, str]]] = getattr(self.nlp.tokenizer, "rules", None) or {}
        self._text_gate = TextGate(self._table, special_cases(rules, ORTH))
        self._sentences = SentenceStarts(self.nlp.vocab.strings)
        global_excludes = [str(p) for p in codebook.get("exclude") or []]
        for theme, entry in (codebook.get("themes") or {}).items():
            self._add_theme(str(theme), entry or {}, global_excludes)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_patterns(cls, patterns: Patterns) -> ThemeTagger:
        """The tagger of a patterns configuration's codebook (user themes over bundled ones, checked
        against the schema)."""
        codebook, path = patterns.codebook
        if not isinstance(codebook.get("themes"), dict):
            raise ValueError(f"{path}: expected a 'themes' mapping of theme id -> entry")
        return cls(codebook, path, patterns)

    @staticmethod
    def _build_nlp() -> Language:
        # the tokenizer only: sentences are set from arrays (themes.arrays) by the sentencizer's rule,
        # and lemmas from spaCy's lookup table read directly (lexicon.py), as its lookup lemmatizer would
        return English()

    def _add_theme(self, theme: str, entry: dict[str, Any], global_excludes: list[str]) -> None:
        phrases, terms, acronyms = (_strings(entry, kind) for kind in ("phrases", "terms", "acronyms"))
        examples = phrases[:4] + terms[:2] + acronyms[:2]
        self.specs.append(_ThemeSpec(theme, str(entry.get("description", "")), examples))
        phrase_docs = [self._prepare(p) for p in phrases]
        term_docs = [self.nlp.make_doc(_normalise(p)) for p in terms]
        acronym_docs = [self.nlp.make_doc(p) for p in acronyms]
        self._add(self.phrases, theme, phrase_docs)
        self._add(self.terms, theme, term_docs)
        self._add(self.acronyms, theme, acronym_docs)
        gate = self._text_gate
        for doc in phrase_docs:
            gate.add_rule([Required(lemmas=frozenset({t.lemma_})) for t in doc], doc.text)
        for doc in term_docs + acronym_docs:
            gate.add_rule([Required(lowers=frozenset({t.lower_})) for t in doc], doc.text)
        token_patterns = [self._lemmatise_pattern(p) for p in entry.get("patterns") or []]
        if token_patterns:
            self.patterns.add(theme, token_patterns)
            for pattern in token_patterns:
                self._gate.add(pattern, self.nlp.vocab.strings)
                gate.add_rule(required_words(pattern))
        excludes = _strings(entry, "exclude") + global_excludes
        self._add(self.phrases, "!" + theme, [self._prepare(p) for p in excludes])

    @staticmethod
    def _add(matcher: PhraseMatcher, key: str, docs: list[Doc]) -> None:
        if docs:
            matcher.add(key, docs)

    def _prepare(self, text: str) -> Doc:
        doc = self.nlp.make_doc(_normalise(text))
        self._set_lemmas(doc)
        return doc

    def _lemma_of(self, lower: str) -> int:
        lemma = self._lemma_cache.get(lower)
        if lemma is None:
            lemma = self.nlp.vocab.strings.add(self._table.get(lower, lower))
            self._lemma_cache[lower] = lemma
        return lemma

    def _set_lemmas(self, doc: Doc) -> None:
        # through arrays rather than Token objects: building a Token per word costs more than matching
        if not len(doc):
            return
        strings = self.nlp.vocab.strings
        cache = self._lemma_by_lower
        lowers = doc.to_array([LOWER])
        lemmas = numpy.empty((len(doc), 1), dtype="uint64")
        for i, lower in enumerate(lowers.tolist()):
            lemma = cache.get(lower)
            if lemma is None:
                lemma = cache[lower] = self._lemma_of(strings[lower])
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], cast("Ints2d", lemmas))

    def _lemmatise_pattern(self, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """LEMMA values in the codebook are written as words; match them as lower-cased lemmas."""
        out = []
        for spec in pattern:
            spec = dict(spec)
            value = spec.get("LEMMA")
            if isinstance(value, str):
                spec["LEMMA"] = self.nlp.vocab.strings[self._lemma_of(value.lower())]
            elif isinstance(value, dict) and "IN" in value:
                spec["LEMMA"] = {**value, "IN": [self.nlp.vocab.strings[self._lemma_of(str(v).lower())]
                                                 for v in value["IN"]]}
            out.append(spec)
        return out

    # -- public API ---------------------------------------------------------------------------

    def theme_ids(self) -> list[str]:
        return [s.theme for s in self.specs]

    def describe(self) -> list[dict[str, Any]]:
        return [{"theme": s.theme, "description": s.description, "examples": s.examples} for s in self.specs]

    def tag_text(self, text: str) -> list[str]:
        """Themes named (not denied) in a short text such as a priority title, in codebook order."""
        doc = next(self._docs([text]))
        if doc is None:
            return []
        found = {theme for theme, span, negated in self._matches(doc, text) if not negated}
        return [t for t in self.theme_ids() if t in found]

    def tag_document(
        self, doc: ParsedDocument, doc_id: str, text: TextLayer | None = None, doc_type: str = ""
    ) -> tuple[list[ThemeResult], list[ThemeMention], list[list[str]]]:
        """Themes of a document, read block by block; a mention's `paragraph` is its block's index.
        `doc_type` lets a newsletter's items count (see themes/basis.py)."""
        paragraphs = _paragraphs(text or build_text(doc, (), self.config.gazetteer))
        hits: list[_Hit] = []
        paragraph_themes: list[list[str]] = []
        # docs are made batch by batch and dropped once read: memory stays flat with the document's length
        processed = self._docs([p.text for p in paragraphs])
        for index, (para, sdoc) in enumerate(zip(paragraphs, processed, strict=True)):
            found: list[str] = []
            if sdoc is None:  # no word of the codebook in it: not tokenised
                paragraph_themes.append(found)
                continue
            for theme, span, negated in self._matches(sdoc, para.text):
                raw = para.text[span.sent.start_char:span.sent.end_char]
                sentence = raw.strip().lstrip("".join(BULLETS))
                page = para.block.page_at(span.start_char)
                basis = hit_basis(para.block, para.text, raw, span.start_char - span.sent.start_char,
                                  span.start_char, doc_type)
                hits.append(_Hit(theme, index, page, para.text[span.start_char:span.end_char],
                                 " ".join(sentence.split()), negated, basis))
                if not negated and theme not in found:
                    found.append(theme)
            paragraph_themes.append(found)
        mentions = [ThemeMention(doc_id=doc_id, theme=h.theme, page=h.page, paragraph=h.paragraph,
                                 text=h.text, sentence=h.sentence, negated=h.negated) for h in hits]
        assign_mention_ids(mentions)
        return self._results(doc_id, hits, doc.word_count), mentions, paragraph_themes

    # -- matching -----------------------------------------------------------------------------

    def _docs(self, texts: list[str]) -> Iterator[Doc | None]:
        """A spaCy doc for each text that could hold a match (themes/gate.py), None for the others."""
        gate = self._text_gate.could_match
        normalised = [_normalise(t) for t in texts]
        wanted = [gate(t) for t in normalised]
        docs = self._process(t for t, keep in zip(normalised, wanted, strict=True) if keep)
        return (next(docs) if keep else None for keep in wanted)

    def _process(self, normalised: Iterable[str]) -> Iterator[Doc]:
        """spaCy docs of texts already normalised (`_normalise`), with lemmas and sentence starts."""
        for sdoc in self.nlp.pipe(normalised, batch_size=BATCH_SIZE):
            self._set_lemmas(sdoc)
            self._sentences.set(sdoc)
            yield sdoc

    def _matches(self, doc: Doc, text: str) -> list[tuple[str, Span, bool]]:
        """(theme, span, negated) for every match, overlaps within a theme merged, exclusions applied.

        `text` is the doc's text as given (reading `doc.text` would build a Token per word).
        """
        strings = self.nlp.vocab.strings
        by_theme: dict[str, list[tuple[int, int]]] = defaultdict(list)
        excluded: dict[str, list[tuple[int, int]]] = defaultdict(list)
        # in text set all in capitals every word looks like an acronym ("SEN 21" on a ballot)
        matchers: list[Matcher | PhraseMatcher] = [self.phrases, self.terms]
        if not _shouting(text):
            matchers.append(self.acronyms)
        if self._gate.open_for(doc):
            matchers.append(self.patterns)
        for matcher in matchers:
            if not len(matcher):
                continue
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                if label.startswith("!"):
                    excluded[label[1:]].append((start, end))
                else:
                    by_theme[label].append((start, end))
        out: list[tuple[str, Span, bool]] = []
        for theme, spans in by_theme.items():
            blocked = excluded.get(theme, [])
            for start, end in _longest_first(spans):
                if any(s < end and start < e for s, e in blocked):
                    continue
                span = doc[start:end]
                out.append((theme, span, self._negated(doc, span)))
        out.sort(key=lambda m: m[1].start)
        return out

    def _negated(self, doc: Doc, span: Span) -> bool:
        """A negator shortly before the mention in the same clause ("no serious case reviews were
        initiated", "there were no cases of FGM"), or "none"/"nil" just after it ("FGM: none").

        A preposition between a verb's "not" and the mention ("was not reported to the CDOP") means the
        theme is not what is denied; a capitalised "No" inside a sentence is a name ("One Life, No Knife").
        """
        sent_start = span.sent.start
        i = span.start - 1
        while i >= max(sent_start, span.start - self.negation_window):
            token = doc[i]
            lower = token.lower_
            if _ends_clause(doc, i, span):
                break
            if lower in NEGATORS:
                if token.text[0].isupper() and i != sent_start:
                    return False
                following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                return following not in NON_NEGATING_NEXT
            i -= 1
        after = doc[span.end:min(span.sent.end, span.end + 3)]
        return any(token.lower_ in NEGATED_AFTER for token in after)

    def _results(self, doc_id: str, hits: list[_Hit], words: int) -> list[ThemeResult]:
        by_theme: dict[str, list[_Hit]] = defaultdict(list)
        for hit in hits:
            by_theme[hit.theme].append(hit)
        results = []
        for theme in self.theme_ids():
            theme_hits = by_theme.get(theme, [])
            positive = [h for h in theme_hits if not h.negated]
            if not positive:
                continue
            bases = {h.basis for h in positive if h.basis}
            if len(positive) >= self.min_mentions:
                bases.add("mentions")
            if not bases:
                continue
            repeats = Counter(h.sentence for h in positive)
            best = max(positive, key=lambda h: _evidence_score(h, repeats[h.sentence]))
            results.append(ThemeResult(
                doc_id=doc_id, theme=theme, mentions=len(positive),
                per_10k_words=round(len(positive) * 10000 / words, 2) if words else 0.0,
                pages=sorted({h.page for h in positive}), evidence=best.sentence, evidence_page=best.page,
                negated_mentions=len(theme_hits) - len(positive), basis=ordered(bases)))
        return results


def _ends_clause(doc: Doc, i: int, span: Span) -> bool:
    """Does the word at i, before a mention, stop a negation further back from reaching it?

    A clause break or punctuation does; so does a preposition ("was not reported to the CDOP"),
    except "of" after a count noun ("no cases of FGM") and an infinitive "to" ("not to tackle FGM").
    """
    token = doc[i]
    lower = token.lower_
    if lower in CLAUSE_BREAKS or (token.is_punct and lower not in {"-", "/", "'", '"'}):
        return True
    if lower not in PREPOSITIONS or (lower == "of" and i > 0 and doc[i - 1].lemma_ in COUNTABLE):
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return lower != "to" or nxt is None or nxt.lower_ in DETERMINERS or nxt.i == span.start


def _shouting(text: str) -> bool:
    """All in capitals (a ballot, "HOW WE PREVENT BULLYING"), not prose with a few acronyms in it."""
    if len(text.split()) < 3:
        return False
    if sum(map(str.islower, text)) >= 0.1 * len(text):
        return False  # lower-case letters enough to be prose, counted in one pass in C
    letters = upper = 0
    for char in text:  # one pass; a letter as regex [^\W\d_]: a word character other than a digit or "_"
        if "A" <= char <= "Z" or "\u00c0" <= char <= "\u00de":
            upper += 1
        if char.isalnum() and not char.isdecimal() and char != "_":
            letters += 1
    if letters < 10:
        return False
    return letters - upper < 0.1 * letters


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if not any(s < end and start < e for s, e in kept):
            kept.append((start, end))
    return sorted(kept)


def _evidence_score(hit: _Hit, same: int) -> tuple[int, int, int, int]:
    """Prefer a full sentence of ordinary length that mentions the theme more than once (`same` times)."""
    words = len(hit.sentence.split())
    ordinary = 1 if 8 <= words <= 60 and hit.sentence.rstrip().endswith((".", "!", "?")) else 0
    # a sentence that denies something ("No deaths were categorised as ... neglect") shows the theme badly
    affirmative = 0 if NEGATORS & {w.lower().strip(",.;:") for w in hit.sentence.split()} else 1
    return ordinary, affirmative, same, -abs(words - 25)


# -- paragraphs -------------------------------------------------------------------------------

BULLETS = ("\u2022", "\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\u25aa", "\u25cf", "\u25e6", "\u25a0", "- ",
           "\u2013 ", "* ", "\u2023", "\u2043", "\u27a2")


def _paragraphs(text: TextLayer) -> list[_Paragraph]:
    """One per block of the shared text layer; headings and table rows name a topic deliberately."""
    deliberate = (BlockKind.HEADING, BlockKind.TABLE_ROW)
    # an endless line (a generated or broken file) is tagged in pieces, not lost to spaCy's limit
    return [_Paragraph(block.page, chunk, block.kind in deliberate, block)
            for block in text.blocks for chunk in bounded_chunks(block.text)]
