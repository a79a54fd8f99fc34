"""Enrichment: quotes, speakers and topics for every update, as one step after parsing.

The work is split by concern: `people` (who is a person, one canonical name each), `quotes`
(quoted passages), `speech` (who said what), `topics` (built-in and user topic matching),
`user_topics` (the TOML file) and `suggest` (suggested topics). This module only runs them in
order over a `LiveBlog`.
"""

from __future__ import annotations

from dataclasses import replace

from parsers.enrich.people import name_runs
from parsers.enrich.registry import build_registry
from parsers.enrich.speech import attribute_update
from parsers.enrich.suggest import suggest_topics
from parsers.enrich.topics import BUILTIN_TOPICS, TopicMatcher, assign_topics, merge_topics
from parsers.enrich.user_topics import load_user_topics
from parsers.model import LiveBlog, Update


def blog_texts(blog: LiveBlog) -> tuple[list[str], list[tuple[int, int]]]:
    """Return every text of the blog that can name people, and where each update's own texts are.

    Texts are the title, intro, then per update its headline, paragraphs and captions. The
    second list gives, per update, the (start, stop) indexes of its headline and paragraphs.
    """
    texts = [t for t in (blog.title, *(blog.intro or "").split("\n\n"), *blog.intro_captions) if t]
    spans: list[tuple[int, int]] = []
    for update in blog.updates:
        start = len(texts)
        if update.headline:
            texts.append(update.headline)
        texts.extend(update.paragraphs)
        spans.append((start, len(texts)))
        texts.extend(update.captions)
    return texts, spans


def update_topic_text(update: Update) -> str:
    """Return the text topics are matched in: the headline and the body (captions excluded)."""
    head = update.headline or ""
    return f"{head}\n\n{update.text}" if head else update.text


def enrich_liveblog(blog: LiveBlog, topics_file: str | None = None) -> LiveBlog:
    """Return `blog` with quotes, speakers and topics filled in on every update, and suggested topics.

    `topics_file` names a TOML file of user topics; without it the user's default topics file is
    used if it exists. Raises `InputError` (one line) for a bad topics file; never another error
    type for any article text.
    """
    user_topics = load_user_topics(topics_file)
    matcher = TopicMatcher(merge_topics(BUILTIN_TOPICS, user_topics))
    texts, spans = blog_texts(blog)
    runs = [name_runs(text) for text in texts]
    registry = build_registry(texts, runs)
    topic_texts = [update_topic_text(u) for u in blog.updates]
    topics = assign_topics(topic_texts, matcher)
    suggested, suggested_per_update = suggest_topics(topic_texts, registry, matcher)
    updates = []
    for update, fixed, extra, (start, stop) in zip(
        blog.updates, topics, suggested_per_update, spans, strict=True
    ):
        quotes, speakers = attribute_update(update, registry, runs[start:stop])
        names = tuple(dict.fromkeys((*fixed, *extra)))
        updates.append(replace(update, quotes=quotes, speakers=speakers, topics=names))
    return replace(blog, updates=tuple(updates), suggested_topics=suggested)
