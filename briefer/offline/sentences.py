"""Sentence splitting that returns offsets, so every sentence is a verbatim slice."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LIST_MARK", "TERMINAL", "Sentence", "split_sentences"]

# A full stop, question or exclamation mark (with closing quotes or brackets) followed by
# whitespace and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# With `glued`, also one where a page ran paragraphs together ("… told Sputnik on
# Friday.\"Good,\" Medinsky said", "… with Ukraine.Speaking to the press"): right after a
# word and right before a capitalised word of three letters or more ("News.Az" is a name).
_GLUED_BOUNDARY = re.compile(_BOUNDARY.pattern + r"|(?<=[a-z][a-z])[.!?](?=[\"“]?[A-Z][a-z]{2,}\b)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}[A-Z]?|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|"
    r"St|Jr|Sr|Prof|No|vs|etc|approx|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Inc|Corp|Co|"
    r"Ltd|Rev|Mt|Ft)\.?)$"
)
_LINE = re.compile(r"[^\n]+")
# a wire story's dateline before its first sentence: "GENEVA, Dec 8 (Tidewater) - ",
# "DNIPRO, Ukraine (Kestrel Wire) — ", a syndicated copy's "MOSCOW, Feb 24, 2025 (BSS/AFP) - ":
# where, when and who, not the sentence's subject
_DATELINE = re.compile(
    r"[A-Z][A-Z'.-]{2,}(?:\s+[A-Z][A-Z'.-]+)*"
    r"(?:,\s+[A-Z][\w.'-]*(?:\s+[A-Z0-9][\w.'-]*){0,2}){0,2}(?:,\s+\d{4})?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*[-–—]{1,2}\s+(?=\S)"
    r"|#{1,6}\s+"  # a Markdown heading's marks
)
_OPEN = "“"
_CLOSE = "”"
TERMINAL = tuple(".!?\"'”’)")  # what a sentence, not a headline, ends with
LIST_MARK = re.compile(r"[•·▪◦]\s+")  # what an item of a list starts with
_LONG_QUOTE = 600  # a quote left open longer than this is a typo, not a quote


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str
    heading: bool = False  # a short line without final punctuation: a title or a subhead


def split_sentences(text: str, *, glued: bool = False) -> list[Sentence]:
    """Sentences of `text` with their offsets; lines are paragraphs. `glued`: also split
    sentences a page ran together without a space (the offline coder reads them apart;
    the numbered model contract keeps its numbering)."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(_LINE.finditer(text)):
        start = line.start()
        line_text = line.group()
        if not line_text.strip():
            continue
        dateline = _DATELINE.match(line_text)
        if dateline:
            start, line_text = start + dateline.end(), line_text[dateline.end() :]
        for rel_start, rel_end in _split_line(line_text, glued):
            s, e = start + rel_start, start + rel_end
            piece = text[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            s, e = s + lead, e - trail
            if e <= s:
                continue
            body = text[s:e]
            listed = bool(LIST_MARK.match(body))
            # a short line with no final stop is a heading, unless it is an item of a list
            # ("• Ukraine returns 45 POWs from Russian captivity" under "Key developments on
            # Nov. 11:": real news dev, 2022-11-11, Kyiv Independent, none of it coded)
            heading = not body.endswith(TERMINAL) and len(body.split()) < 12 and not listed
            sentences.append(Sentence(s, e, paragraph, body, heading))
    return sentences


def _split_line(line: str, glued: bool = False) -> list[tuple[int, int]]:
    spans = []
    begin = 0
    for match in (_GLUED_BOUNDARY if glued else _BOUNDARY).finditer(line):
        end = match.end()
        if line[match.start()] == "." and _ABBREVIATION.search(line, begin, match.start() + 1):
            continue
        if _inside_quote(line, begin, end):
            continue
        spans.append((begin, end))
        begin = end
    spans.append((begin, len(line)))
    return spans


def _inside_quote(line: str, begin: int, pos: int) -> bool:
    """Whether `pos` sits inside a quotation opened in this sentence and closed later."""
    segment = line[begin:pos]
    if _OPEN not in segment and '"' not in segment:
        return False
    depth = 0
    opened_at = -1
    for i, ch in enumerate(segment):
        if ch == _OPEN:
            depth, opened_at = 1, i
        elif ch == _CLOSE:
            depth = 0
        elif ch == '"':
            if depth:
                depth = 0
            else:
                depth, opened_at = 1, i
    if not depth or len(segment) - opened_at > _LONG_QUOTE:
        return False
    rest = line[pos : pos + _LONG_QUOTE]
    return _CLOSE in rest or '"' in rest
