"""Enrichment: quotes, speakers and topics for every update, as one step after parsing.

The work is split by concern: `people` (who is a person, one canonical name each), `quotes`
(quoted passages), `speech` (who said what), `topics` (built-in and user topic matching),
`user_topics` (the TOML file) and `suggest` (suggested topics). This module only runs them in
order over a `LiveBlog`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from parsers.enrich.lexicon import LEXICONS, guess_language
from parsers.enrich.people import NameRun, name_runs
from parsers.enrich.registry import build_registry
from parsers.enrich.speech import attribute_update
from parsers.enrich.suggest import STOPWORDS, suggest_topics_steps
from parsers.enrich.topics import BUILTIN_TOPICS, TopicMatcher, assign_topics_steps, merge_topics
from parsers.enrich.user_topics import load_user_topics
from parsers.model import LiveBlog, Quote, Update, language_code


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


# How many texts or updates `enrich_steps` works through between two points where its caller may
# stop it (a few milliseconds of work each).
STEP_TEXTS = 500
STEP_UPDATES = 100
# With `partial`, how many updates get their speakers between two partial blogs.
PUBLISH_UPDATES = 2000


def enrich_liveblog(blog: LiveBlog, topics_file: str | None = None) -> LiveBlog:
    """Return `blog` with quotes, speakers and topics filled in on every update, and suggested topics.

    `topics_file` names a TOML file of user topics; without it the user's default topics file is
    used if it exists. Raises `InputError` (one line) for a bad topics file; never another error
    type for any article text.
    """
    enriched = blog
    for step in enrich_steps(blog, topics_file):
        enriched = step or enriched
    return enriched


def enrich_steps(blog: LiveBlog, topics_file: str | None = None, *, partial: bool = False) -> Iterator[LiveBlog | None]:
    """Enrich `blog` a few milliseconds at a time: yield None between steps, and the enriched blog last.

    The caller may stop iterating at any None (say the reader was closed). With `partial`, blogs
    that are enriched in part are yielded too, as soon as they are known: first every update with
    its built-in and user topics, then with the speakers and quotes of more and more updates (in
    source order). The last blog yielded is always `enrich_liveblog(blog)`'s, built from `blog`'s
    own updates, so the partial ones never change the result. Raises like `enrich_liveblog`.
    """
    user_topics = load_user_topics(topics_file)
    matcher = TopicMatcher(merge_topics(BUILTIN_TOPICS, user_topics))
    texts, spans = blog_texts(blog)
    # the page's declared language, else the one its text reads as: it picks the speech words
    language = language_code(blog.language) or guess_language(texts)
    runs: list[list[NameRun]] = []
    for start in range(0, len(texts), STEP_TEXTS):
        runs.extend(name_runs(text) for text in texts[start : start + STEP_TEXTS])
        yield None
    registry = build_registry(texts, runs, language)
    yield None
    topic_texts = [update_topic_text(u) for u in blog.updates]
    topics = yield from assign_topics_steps(topic_texts, matcher)
    shown = list(blog.updates)
    if partial:
        shown = [replace(update, topics=fixed) for update, fixed in zip(blog.updates, topics, strict=True)]
        yield replace(blog, updates=tuple(shown))
    attributed: list[tuple[tuple[Quote, ...], tuple[str, ...]]] = []
    for update, (start, stop) in zip(blog.updates, spans, strict=True):
        attributed.append(attribute_update(update, registry, runs[start:stop], language))
        done = len(attributed)
        if partial and quotes_or_speakers(attributed[-1]):
            shown[done - 1] = replace(shown[done - 1], quotes=attributed[-1][0], speakers=attributed[-1][1])
        if done % STEP_UPDATES == 0:
            yield replace(blog, updates=tuple(shown)) if partial and done % PUBLISH_UPDATES == 0 else None
    if partial:
        yield replace(blog, updates=tuple(shown))
    lexicon = LEXICONS.get(language or "")
    stopwords = STOPWORDS | lexicon.common_words() if lexicon and lexicon.code != "en" else STOPWORDS
    suggested, suggested_per_update = yield from suggest_topics_steps(topic_texts, registry, matcher,
                                                                      stopwords=stopwords)
    updates = []
    for update, fixed, extra, (quotes, speakers) in zip(
        blog.updates, topics, suggested_per_update, attributed, strict=True
    ):
        names = tuple(dict.fromkeys((*fixed, *extra)))
        updates.append(replace(update, quotes=quotes, speakers=speakers, topics=names))
    yield replace(blog, updates=tuple(updates), suggested_topics=suggested, language=language)


def quotes_or_speakers(found: tuple[tuple[Quote, ...], tuple[str, ...]]) -> bool:
    """Return True when `attribute_update` found quotes or speakers (an update to show again)."""
    return bool(found[0] or found[1])
