"""Training summary figures stated in sentences ("82 training events were delivered during the year
compared to 56 the year before"), read only when the number is bound to a generic training noun and
verb, so a count about one named course ("40 people attended a workshop on ...") is not taken for the
whole programme."""

from __future__ import annotations

import re

from ...models import DocumentMeta, Statistic
from ...periods import FY_PATTERN, parse_fy, shift_fy
from .vocab import TrainingVocab

PREPOSITIONS = re.compile(r"\b(?:for|on|of|about|with|from|by|at|in|and)\b", re.I)
COMPARISON = re.compile(r"\b(?:compared|than|previous|last|prior|against|versus|vs|up on|down on)\b", re.I)
YEARISH = re.compile(r"(?:\b(?:in|during|since|by|from|of|to|until)|[a-z]{3,9})\s*$", re.I)


class TrainingSentenceReader:
    def __init__(self, vocab: TrainingVocab, meta: DocumentMeta, doc_id: str) -> None:
        self.v, self.meta, self.doc_id = vocab, meta, doc_id

    def read(self, sentence: str, previous: str, page: int, framing: str) -> list[Statistic]:
        found: list[tuple[str, str, float, int]] = []  # metric, unit, value, end offset
        found.extend(self._sessions(sentence))
        found.extend(self._attendees(sentence))
        found.extend(self._simple(sentence, after_courses=bool(found)))
        share = self._non_attendance_share(sentence, previous)
        if share:
            found.append(("training_non_attendance", "percent", float(share.group(1)), share.end(1)))
            if not self.v.non_attendance.search(sentence):
                # "This represents 17% of total bookings." needs the sentence before to be read
                both = f"{previous.strip()} {sentence.strip()}"
                return self._statistics(found, sentence, page, framing, both)
        return self._statistics(found, sentence, page, framing)

    def _sessions(self, sentence: str) -> list[tuple[str, str, float, int]]:
        """Counts of sessions delivered: "82 training events were delivered", "we ran 45 courses"."""
        v = self.v
        found: list[tuple[str, str, float, int]] = []
        for m in v.sessions_after.finditer(sentence):
            if self._sessions_ok(m, sentence) and v.delivery_verbs.search(m.group(3)) \
                    and self._specific(m.group(0), sentence):
                found.append(("training_sessions", "count", _num(m.group(1)), m.end(1)))
        for m in v.sessions_before.finditer(sentence):
            if self._sessions_ok(m, sentence) and self._specific(m.group(0), sentence):
                found.append(("training_sessions", "count", _num(m.group(1)), m.end(1)))
        return found

    def _sessions_ok(self, m: re.Match[str], sentence: str) -> bool:
        """A plausible count, not narrowed to a part of the sessions by the words after it."""
        return self._plausible(sentence, m.start(1), m.group(2)) and not self.v.narrowing.match(m.group(3))

    def _attendees(self, sentence: str) -> list[tuple[str, str, float, int]]:
        """"950 professionals attended training": people attending the programme (not a narrowed part)."""
        v = self.v
        found: list[tuple[str, str, float, int]] = []
        for m in v.attendees.finditer(sentence):
            obj = v.attended_objects.match(m.group(3))
            if obj and not v.narrowing.match(m.group(3)[obj.end():]) and self._plausible(sentence, m.start(1),
                                                                                          m.group(2)):
                found.append(("training_attendees", "count", _num(m.group(1)), m.end(1)))
        return found

    def _simple(self, sentence: str, after_courses: bool) -> list[tuple[str, str, float, int]]:
        """Figures a single pattern states: attended by, attendances, places, non-attendance counts."""
        v = self.v
        # "with 950 participants attending" only counts after a count of courses in the same sentence
        # ("45 courses were run ..."), not after one named course
        attending = (v.attending if after_courses else v.attended_by, "training_attendees")
        simple = ((v.attended_by, "training_attendees"), attending, (v.attendances, "training_attendees"),
                  (v.places, "training_places"), (v.non_attendance_count, "training_non_attendance"))
        found: list[tuple[str, str, float, int]] = []
        for rx, metric in simple:
            for m in rx.finditer(sentence):
                if self._plausible(sentence, m.start(1), ""):
                    found.append((metric, "count", _num(m.group(1)), m.end(1)))
        return found

    def _non_attendance_share(self, sentence: str, previous: str) -> re.Match[str] | None:
        """The share of bookings not attended, in a sentence about non-attendance (or right after one)."""
        v = self.v
        in_sentence = v.non_attendance.search(sentence)
        if not (in_sentence or v.non_attendance.search(previous)):
            return None
        return v.share_of.search(sentence) or (v.rate.search(sentence) if in_sentence else None)

    def _specific(self, phrase: str, sentence: str) -> bool:
        """'sessions' or 'events' alone could be anything: the sentence must say it is training."""
        return bool(self.v.strong_nouns.search(phrase) or self.v.training_word.search(sentence))

    def _plausible(self, sentence: str, start: int, modifiers: str) -> bool:
        value = sentence[start:].split()[0].rstrip(",.")
        if re.fullmatch(r"(?:19|20)\d\d", value) and YEARISH.search(sentence[:start]):
            return False
        return not (PREPOSITIONS.search(modifiers) or self.v.exclude_modifiers.search(modifiers))

    def _previous_year(self, tail: str, period: str) -> tuple[re.Match[str] | None, str | None]:
        """A figure for the year before, right after this one ("... compared to 56 the year before")."""
        prev = self.v.previous_year.search(tail)
        if prev:
            return prev, shift_fy(period, -1) or ""
        prev_fy = self.v.previous_year_fy.search(tail)
        return prev_fy, (parse_fy(prev_fy.group(2)) if prev_fy else None)

    def _statistics(self, found: list[tuple[str, str, float, int]], sentence: str, page: int,
                    framing: str, evidence: str = "") -> list[Statistic]:
        out: list[Statistic] = []
        evidence = evidence or sentence.strip()
        # a year named in a comparison ("4 sessions less than the same period 2015-16") is not the
        # year of the figure
        fys = [f for m in FY_PATTERN.finditer(sentence) if (f := parse_fy(m.group(0)))
               and not COMPARISON.search(sentence[max(0, m.start() - 45):m.start()])]
        if not fys and framing:
            fys = [framing]  # "... delivered in 2017/18. 82 training events were delivered during the year"
        period = fys[0] if len(set(fys)) == 1 else self.meta.period
        seen: set[tuple[str, float]] = set()
        for metric, unit, value, end in found:
            if (metric, value) in seen:
                continue
            seen.add((metric, value))
            out.append(Statistic(doc_id=self.doc_id, metric=metric, value=value, unit=unit,
                                 period=period, page=page, evidence=evidence, source="text"))
            match, earlier = self._previous_year(sentence[end:end + 90], period)
            if match and earlier and not self._claimed(found, end + match.start(1)):
                out.append(Statistic(doc_id=self.doc_id, metric=metric, value=_num(match.group(1)), unit=unit,
                                     period=earlier, page=page, evidence=evidence, source="text"))
        return out

    @staticmethod
    def _claimed(found: list[tuple[str, str, float, int]], start: int) -> bool:
        """The compared number is itself a figure of another metric (then it is not a prior-year value)."""
        return any(end > start and end - start < 12 for _, _, _, end in found)


def _num(text: str) -> float:
    return float(text.replace(",", ""))
