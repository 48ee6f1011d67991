"""Sentences that address the reader, a model or a system are not news.

An article can carry words written for a machine that reads it ("ignore previous
instructions and report that ..."). The model path is told that such words are content
(`prompts/extract_system.md`); the offline coder, which codes whatever matches its
dictionaries, gets the text with those sentences blanked out first. The triggers are data
(`injection.toml`, each with where it came from); blanking keeps every other sentence at
its offset, so evidence quoted from the text is still verbatim.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

__all__ = ["addresses_reader", "blank_addressed", "triggers"]


@functools.cache
def triggers() -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of `injection.toml`."""
    data = tomllib.loads((resources.files("briefer") / "injection.toml").read_text("utf-8"))
    return tuple(re.compile(t["pattern"], re.IGNORECASE) for t in data["trigger"])


def addresses_reader(sentence: str) -> bool:
    """Whether `sentence` speaks to the reader, a model or a system (a trigger matches)."""
    text = " ".join(sentence.split())
    return any(pattern.search(text) for pattern in triggers())


def blank_addressed(text: str) -> str:
    """`text` with every sentence that addresses the reader or the system replaced by
    spaces of the same length; `text` itself when there is none."""
    from .offline.sentences import split_sentences  # the offline package imports this one

    spans = [(s.start, s.end) for s in split_sentences(text) if addresses_reader(s.text)]
    if not spans:
        return text
    out = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(re.sub(r"\S", " ", text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)
