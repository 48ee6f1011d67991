"""Read only what can be news: a story wholly older than the window is not sent to a model.

Such a story can only ever be a Background line ("2024-03-13: its title"), and the merge
builds that line from the story's date and title. So instead of an answer, the story gets
one item made from its metadata (its title, or its first sentence, as the summary; its
first sentence as the evidence), which the merge files under Background as it would any
item of an old story. The rule for "older than the window" is the merge's own: the story's
date (or its document's) in Kyiv before the window's first day, or, undated, an age marker
("2 years ago") counted back from the briefing date that already lies before it.
"""

from __future__ import annotations

from datetime import date

from ..data import Chunk, Document, Extraction, Story, story_title
from ..dates import as_kyiv_date
from ..segment import date_from_marker
from .numbered import sentences_of

__all__ = ["background_extraction", "is_stale", "split_stale", "with_background"]


def is_stale(story: Story, document: Document | None, cutoff: date, latest: date) -> bool:
    """Whether the whole story lies before `cutoff` (the window's first day)."""
    published = story.published or (document.published if document else None)
    story_date = as_kyiv_date(published)
    if story_date is not None:
        return story_date < cutoff
    if story.age_marker:
        newest = date_from_marker(story.age_marker, latest.isoformat())
        return newest is not None and date.fromisoformat(newest) < cutoff
    return False


def background_extraction(
    chunk: Chunk, story: Story, document: Document | None, *, backend: str, model: str
) -> Extraction:
    """The extraction of an old story's chunk without a model call: for its first chunk one
    item from the story's metadata, for any later chunk none."""
    data: dict = {"talks": [], "attacks": [], "moves": []}
    sentences = sentences_of(story.text)
    title = story_title(story, document)
    if chunk.index == 0 and (sentences or title):
        evidence = sentences[0] if sentences else title
        data["moves"].append(
            {
                "kind": "other",
                "actor": (document.outlet if document else None) or "",
                "actor_side": None,
                "target": None,
                "summary": " ".join((title or evidence).split()),
                "attribution": {"source": None, "side": None, "via": None},
                "time_text": None,
                "sentences": [1],
                "evidence": evidence,
            }
        )
    return Extraction(
        chunk_id=chunk.id,
        story_id=chunk.story_id,
        document_id=chunk.document_id,
        backend=backend,
        model=model,
        data=data,
    )


def split_stale(
    chunks: list[Chunk],
    stories: list[Story],
    documents: list[Document],
    cutoff: date,
    latest: date,
) -> tuple[list[Chunk], set[str]]:
    """(the chunks to read, in order; the ids of the stories wholly before `cutoff`)."""
    documents_by_id = {d.id: d for d in documents}
    old = {s.id for s in stories if is_stale(s, documents_by_id.get(s.document_id), cutoff, latest)}
    return [c for c in chunks if c.story_id not in old], old


def with_background(
    chunks: list[Chunk],
    read: list[Extraction],
    old: set[str],
    stories: list[Story],
    documents: list[Document],
    *,
    backend: str,
    model: str,
) -> list[Extraction]:
    """One extraction per chunk, in order: those `read` (in the order of the chunks read),
    and for an old story's chunks `background_extraction`."""
    stories_by_id = {s.id: s for s in stories}
    documents_by_id = {d.id: d for d in documents}
    answers = iter(read)
    return [
        background_extraction(
            c,
            stories_by_id[c.story_id],
            documents_by_id.get(c.document_id),
            backend=backend,
            model=model,
        )
        if c.story_id in old
        else next(answers)
        for c in chunks
    ]
