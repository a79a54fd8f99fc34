"""Generate large, realistic live blogs for the benchmarks: seeded, reproducible, never committed.

Three forms of the same blog are written for a given number of updates:

- ``text``: plain text in the exact form of the bundled Telegraph sample (a title, copyright
  furniture, an intro, then per update a ``9:56PM`` time line, a headline, paragraphs, photo
  captions with ``- Credit:`` followed by their repeated copy, and stray furniture lines);
- ``html``: a saved page with one ``<article>`` per update carrying ``<time datetime>``, an
  h2/h3 headline, paragraphs, blockquotes, figures with captions, inline scripts and ad slots;
- ``jsonld``: the same page plus a schema.org ``LiveBlogPosting`` JSON-LD block listing every
  update.

Speakers (titled names with speech verbs) and topics (Syria, Nato, North Korea, trade, ...)
vary from update to update so speaker/topic filters and search have real work to do.

Usage: ``python -m bench.make_big --updates 1000 10000 --out bench/out`` or
``python -m bench.make_big --text-mb 200``. Files are written under ``bench/out/`` (git-ignored)
unless ``--out`` names another folder.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEFAULT_SEED = 20170412
DEFAULT_OUT = Path(__file__).resolve().parent / "out"
SIZES = (1_000, 10_000, 50_000)
FORMS = ("text", "html", "jsonld")
GENERATOR_VERSION = 1  # bump when the output changes, so cached files are rebuilt
BLOG_ZONE = timezone(timedelta(hours=1))  # BST, as in the sample
BLOG_END = datetime(2017, 4, 12, 21, 56, tzinfo=BLOG_ZONE)

# (full name, short form used after first mention, role). Real-looking people of the sample's story.
SPEAKERS: tuple[tuple[str, str, str], ...] = (
    ("Donald Trump", "Mr Trump", "the US president"),
    ("Rex Tillerson", "Mr Tillerson", "the US secretary of state"),
    ("Vladimir Putin", "Mr Putin", "the Russian president"),
    ("Sergei Lavrov", "Mr Lavrov", "Russia's foreign minister"),
    ("Jens Stoltenberg", "Mr Stoltenberg", "the Nato secretary general"),
    ("Nikki Haley", "Mrs Haley", "the US ambassador to the United Nations"),
    ("Boris Johnson", "Mr Johnson", "the Foreign Secretary"),
    ("Xi Jinping", "Mr Xi", "China's president"),
    ("Staffan de Mistura", "Mr de Mistura", "the UN special envoy for Syria"),
    ("Theresa May", "Mrs May", "the Prime Minister"),
    ("Angela Merkel", "Mrs Merkel", "the German chancellor"),
    ("Emmanuel Macron", "Mr Macron", "the French presidential candidate"),
    ("Antonio Guterres", "Mr Guterres", "the UN secretary-general"),
    ("Matthew Rycroft", "Mr Rycroft", "Britain's UN ambassador"),
    ("Vladimir Safronkov", "Mr Safronkov", "Russia's deputy UN ambassador"),
    ("Sean Spicer", "Mr Spicer", "the White House press secretary"),
    ("Kim Yong-nam", "Mr Kim", "North Korea's head of state"),
    ("Shinzo Abe", "Mr Abe", "the Japanese prime minister"),
    ("Federica Mogherini", "Ms Mogherini", "the EU foreign policy chief"),
    ("Ruth Sherlock", "Ms Sherlock", "our US editor"),
)
SPEECH_VERBS = ("said", "told reporters", "added", "warned", "insisted", "claimed", "argued", "wrote")

# Topic vocabulary: each topic has words that should make an update about it.
TOPICS: dict[str, tuple[str, ...]] = {
    "Syria": ("Syria", "Assad", "Idlib", "sarin", "chemical weapons", "Damascus", "Shayrat airbase",
              "Khan Sheikhoun"),
    "Nato": ("Nato", "the alliance", "burden sharing", "defence spending", "Stoltenberg",
             "collective defence"),
    "North Korea": ("North Korea", "Pyongyang", "Kim Jong-un", "a missile test", "the nuclear programme",
                    "the Korean peninsula"),
    "Russia": ("Russia", "the Kremlin", "Moscow", "sanctions", "the hotline"),
    "Trade": ("trade", "tariffs", "the trade deal", "steel imports", "the currency"),
    "Election": ("the election", "hacking", "interference", "cyber attacks", "the investigation"),
    "Ukraine": ("Ukraine", "Crimea", "the separatists", "the OSCE monitors", "Donbass"),
    "United Nations": ("the Security Council", "the UN resolution", "the veto", "the General Assembly"),
    "Iran": ("Iran", "Tehran", "the nuclear deal", "the Revolutionary Guards"),
    "Terrorism": ("terrorism", "Isil", "Raqqa", "Mosul", "the coalition"),
}
CREDITS = ("TASS / Barcroft Images", "Alex Brandon/AP", "Olivier Douliery/Bloomberg", "Reuters",
           "Getty Images", "EPA", "AFP/Getty Images", "PA")
FURNITURE_LINES = ("Advertisement", "- This content is subject to copyright.", "Share Facebook Twitter",
                   "Read more", "\u00a0", " ")
FILLER = ("officials", "diplomats", "the meeting", "the talks", "the statement", "on Wednesday",
          "earlier today", "in Washington", "in Moscow", "the press conference", "the delegation",
          "the ministers", "for weeks", "behind closed doors", "according to sources", "the region")
HEADLINE_SHAPES = (
    "{Speaker} says {topic_word} talks have reached a 'low point'",
    "{short} warns over {topic_word}",
    "What we know about {topic_word}",
    "{Speaker}: \"{quote_short}\"",
    "Breaking: {topic_word} vote delayed",
    "Analysis: why {topic_word} matters",
    "{Speaker} and {Other} discuss {topic_word}",
)


@dataclass(slots=True, frozen=True)
class GenUpdate:
    """One generated update: its moment, headline, paragraphs, quotes, captions and furniture."""

    when: datetime
    headline: str
    paragraphs: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (quote text, speaker full name)
    captions: tuple[tuple[str, str], ...]  # (caption text, credit)
    furniture: tuple[str, ...]
    speakers: tuple[str, ...]
    topics: tuple[str, ...]


def _sentence(rng: random.Random, topic_words: list[str], words: int) -> str:
    """Return a plausible news sentence of about `words` words mentioning one of `topic_words`."""
    parts = [rng.choice(FILLER) for _ in range(max(1, words // 3))]
    parts.insert(rng.randrange(len(parts) + 1), rng.choice(topic_words))
    text = " ".join(parts)
    ending = rng.choice((" were discussed at length.", " dominated the agenda.", " remained unresolved.",
                         " came up again, officials said.", " were the main concern.", ", sources said."))
    return text[0].upper() + text[1:] + ending


def _quote(rng: random.Random, topic_words: list[str]) -> str:
    """Return the words of a quotation (no quote marks) about one of `topic_words`."""
    openers = ("We will not accept", "I think we had a very good discussion about", "Nobody wants",
               "It is very bad for everyone, frankly, and", "The world cannot ignore", "We must talk about")
    return f"{rng.choice(openers)} {rng.choice(topic_words)}"


def generate_updates(count: int, seed: int = DEFAULT_SEED) -> list[GenUpdate]:
    """Return `count` updates, newest first, fully determined by `seed`.

    Times step back 0-4 minutes (never repeating a minute twice in a row is not required), so a
    large blog spans many days and crosses midnight many times.
    """
    rng = random.Random(seed)
    updates: list[GenUpdate] = []
    when = BLOG_END
    topic_names = list(TOPICS)
    for index in range(count):
        if index:
            when -= timedelta(minutes=rng.randint(1, 4))
        topics = tuple(rng.sample(topic_names, rng.choice((1, 1, 2))))
        topic_words = [w for t in topics for w in TOPICS[t]]
        people = rng.sample(SPEAKERS, rng.choice((0, 1, 1, 2)))
        paragraphs: list[str] = []
        quotes: list[tuple[str, str]] = []
        for full, short, role in people:
            words = _quote(rng, topic_words)
            verb = rng.choice(SPEECH_VERBS)
            shape = rng.randrange(3)
            if shape == 0:
                paragraphs.append(f"\"{words},\" {short} {verb}.")
            elif shape == 1:
                paragraphs.append(f"{full}, {role}, {verb}: \"{words}.\"")
            else:
                paragraphs.append(f"\u201c{words},\u201d {verb} {full}.")
            quotes.append((words, full))
        for _ in range(rng.randint(1, 3)):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), _sentence(rng, topic_words, rng.randint(9, 40)))
        main = people[0] if people else rng.choice(SPEAKERS)
        other = rng.choice(SPEAKERS)
        headline = rng.choice(HEADLINE_SHAPES).format(
            Speaker=main[0], short=main[1], Other=other[0], topic_word=rng.choice(topic_words),
            quote_short=_quote(rng, topic_words)[:40].strip(),
        )
        captions: list[tuple[str, str]] = []
        if rng.random() < 0.15:
            place = rng.choice(("Moscow", "Washington", "Brussels", "New York"))
            captions.append((f"{main[0]} speaks about {rng.choice(topic_words)} in {place}", rng.choice(CREDITS)))
        furniture = tuple(rng.choice(FURNITURE_LINES) for _ in range(rng.choice((0, 0, 0, 1))))
        updates.append(GenUpdate(
            when=when, headline=headline.replace("'s'", "'s"), paragraphs=tuple(paragraphs),
            quotes=tuple(quotes), captions=tuple(captions), furniture=furniture,
            speakers=tuple(p[0] for p in people), topics=topics,
        ))
    return updates


TITLE = "Donald Trump says US - Russia relations have reached a 'low point' - live updates"
INTRO = (
    "Donald Trump has described US relations with Russia as at \"an all-time low\" over the Syria crisis "
    "but reversed his position on Nato, saying the alliance was \"no longer obsolete\".",
    "Rex Tillerson, his secretary of state, attempted to persuade Vladimir Putin to distance himself from "
    "Bashar al-Assad.",
)


def clock_12h(when: datetime) -> str:
    """Return the sample's time-line form of a moment: ``9:56PM``."""
    hour = when.hour % 12 or 12
    return f"{hour}:{when.minute:02d}{'PM' if when.hour >= 12 else 'AM'}"


def text_header() -> str:
    """Return the plain-text blog's top: furniture, title, the sample's doubled copyright line, intro."""
    intro = "".join(f"{para}\n\n" for para in INTRO)
    return (f"Advertisement\n\n{TITLE}\n\n- This content is subject to copyright.\n"
            f"- This content is subject to copyright.\n\n{intro}")


def text_update(u: GenUpdate) -> str:
    """Return one update in the sample's plain-text form, ending with a newline."""
    parts = [clock_12h(u.when), "", u.headline, ""]
    for para in u.paragraphs:
        parts += [para, ""]
    for text, credit in u.captions:
        # The sample's caption, then its repeated copy without the dash (kept once by the parser).
        parts += [f"{text} - Credit: {credit}", f"{text} Credit: {credit}", ""]
    for line in u.furniture:
        parts += [line, ""]
    return "\n".join(parts) + "\n"


def text_chunks(updates: list[GenUpdate]) -> Iterator[str]:
    """Yield the plain-text form of a blog, piece by piece (so huge files stream to disk)."""
    yield text_header()
    for u in updates:
        yield text_update(u)


def _json_ld(updates: list[GenUpdate]) -> str:
    """Return the JSON-LD LiveBlogPosting for the blog, every update included."""
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": TITLE,
        "url": "https://news.example.com/world/live/trump-russia-nato",
        "datePublished": updates[-1].when.isoformat() if updates else BLOG_END.isoformat(),
        "dateModified": updates[0].when.isoformat() if updates else BLOG_END.isoformat(),
        "publisher": {"@type": "Organization", "name": "Example News"},
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": u.headline,
                "datePublished": u.when.isoformat(),
                "articleBody": " ".join(u.paragraphs),
                "url": f"https://news.example.com/world/live/trump-russia-nato#post-{len(updates) - i}",
            }
            for i, u in enumerate(updates)
        ],
    }
    # "</" would end the script element early; escape it as JSON allows.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _article_html(u: GenUpdate, number: int, rng: random.Random) -> str:
    """Return one update as an ``<article>`` entry with the furniture real pages carry."""
    e = html.escape
    tag = "h2" if number % 3 else "h3"
    out = [
        f'<article class="liveblog-entry" id="post-{number}" data-id="{number}">',
        '<header><time class="entry-time" datetime="'
        f'{u.when.isoformat()}">{e(clock_12h(u.when))}</time>',
        f"<{tag} class=\"entry-title\">{e(u.headline)}</{tag}></header>",
        '<div class="entry-body">',
    ]
    quote_texts = {q for q, _ in u.quotes}
    for para in u.paragraphs:
        bare = next((q for q in quote_texts if q in para and para.startswith(("\"", "\u201c"))), None)
        if bare is not None and rng.random() < 0.5:
            out.append(f"<blockquote><p>{e(para)}</p></blockquote>")
        else:
            out.append(f"<p>{e(para)}</p>")
    for text, credit in u.captions:
        out.append(
            f'<figure><img src="https://img.example.com/{number}.jpg" alt="{e(text)}">'
            f'<figcaption>{e(text)} <span class="credit">Credit: {e(credit)}</span></figcaption></figure>'
        )
    if number % 7 == 0:
        out.append('<div class="ad-slot advert" data-ad="mpu"><span>Advertisement</span>'
                   "<script>window.ads=window.ads||[];ads.push({slot:'mpu'});</script></div>")
    if number % 11 == 0:
        out.append('<script>(function(){var t=document.createElement("script");t.src="/embed.js";'
                   "document.body.appendChild(t)})();</script>")
    out.append('</div><footer class="share"><a href="#" class="share-facebook">Share on Facebook</a>'
               '<a href="#" class="share-twitter">Tweet</a></footer></article>')
    return "\n".join(out)


def html_chunks(updates: list[GenUpdate], seed: int, with_json_ld: bool) -> Iterator[str]:
    """Yield a saved live-blog HTML page piece by piece; with `with_json_ld`, include the JSON-LD block."""
    rng = random.Random(seed + 1)
    e = html.escape
    yield (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(TITLE)}</title>"
        '<meta property="og:site_name" content="Example News">'
        '<link rel="canonical" href="https://news.example.com/world/live/trump-russia-nato">'
        f'<meta property="article:published_time" content="{updates[-1].when.isoformat() if updates else ""}">'
        "<style>.ad-slot{min-height:250px}</style>"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>\n"
    )
    if with_json_ld:
        yield f'<script type="application/ld+json">{_json_ld(updates)}</script>\n'
    yield (
        "</head><body><nav class=\"site-nav\"><a href=\"/\">Home</a><a href=\"/world\">World</a></nav>"
        '<div class="cookie-banner">We use cookies. <button>Accept</button></div>'
        f"<main><h1>{e(TITLE)}</h1>"
        + "".join(f"<p class=\"standfirst\">{e(p)}</p>" for p in INTRO)
        + '<div class="liveblog">\n'
    )
    for index, u in enumerate(updates):
        yield _article_html(u, len(updates) - index, rng) + "\n"
    yield (
        '</div></main><aside class="related"><h2>Read more</h2><ul><li><a href="/a">Related story</a></li>'
        '</ul></aside><footer>\u00a9 Example News 2017</footer>'
        '<script src="/static/app.js"></script></body></html>\n'
    )


def chunks_for(form: str, updates: list[GenUpdate], seed: int) -> Iterator[str]:
    """Yield the chunks of one form ("text", "html" or "jsonld") of the blog."""
    if form == "text":
        return text_chunks(updates)
    if form in ("html", "jsonld"):
        return html_chunks(updates, seed, with_json_ld=form == "jsonld")
    raise ValueError(f"unknown form {form!r}; expected one of {FORMS}")


def output_path(out_dir: Path, form: str, count: int, seed: int) -> Path:
    """Return the file name a generated blog is written to (size, seed and version in the name)."""
    suffix = "txt" if form == "text" else "html"
    return out_dir / f"big-{form}-{count}-s{seed}-v{GENERATOR_VERSION}.{suffix}"


def write_blog(out_dir: Path, form: str, count: int, seed: int = DEFAULT_SEED, *, force: bool = False) -> Path:
    """Write one form of a `count`-update blog under `out_dir` (reusing an existing file) and return its path."""
    path = output_path(out_dir, form, count, seed)
    if path.exists() and not force:
        return path
    out_dir.mkdir(parents=True, exist_ok=True)
    updates = generate_updates(count, seed)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for chunk in chunks_for(form, updates, seed):
            handle.write(chunk)
    tmp.replace(path)
    return path


def write_text_of_size(
    out_dir: Path, megabytes: int, seed: int = DEFAULT_SEED, *, force: bool = False
) -> tuple[Path, int]:
    """Write a plain-text blog of at least `megabytes` MB (10**6 bytes) and return (path, update count).

    The blog is built from repeated batches of generated updates with shifted times, streamed to
    disk so the generator itself stays small in memory. The count is recorded beside the file.
    """
    path = out_dir / f"big-text-{megabytes}MB-s{seed}-v{GENERATOR_VERSION}.txt"
    count_file = path.with_suffix(".count")
    if path.exists() and count_file.exists() and not force:
        return path, int(count_file.read_text())
    out_dir.mkdir(parents=True, exist_ok=True)
    target = megabytes * 1_000_000
    batch = generate_updates(5_000, seed)
    span = batch[0].when - batch[-1].when + timedelta(minutes=1)
    count = 0
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        written = handle.write(text_header())
        shift = timedelta(0)
        while written < target:
            for u in batch:
                chunk = text_update(replace(u, when=u.when - shift))
                written += len(chunk.encode("utf-8"))
                handle.write(chunk)
                count += 1
                if written >= target:
                    break
            shift += span
    tmp.replace(path)
    count_file.write_text(str(count))
    return path, count


def main(argv: list[str] | None = None) -> int:
    """Command line: write the requested blogs and print their paths and sizes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, nargs="*", default=list(SIZES), help="update counts to generate")
    parser.add_argument("--forms", nargs="*", choices=FORMS, default=list(FORMS))
    parser.add_argument("--text-mb", type=int, default=0, help="also write a plain-text blog of this many MB")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default bench/out)")
    parser.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = parser.parse_args(argv)
    for count in args.updates:
        for form in args.forms:
            path = write_blog(args.out, form, count, args.seed, force=args.force)
            print(f"{path}\t{path.stat().st_size / 1e6:.1f} MB\t{count} updates")
    if args.text_mb:
        path, count = write_text_of_size(args.out, args.text_mb, args.seed, force=args.force)
        print(f"{path}\t{path.stat().st_size / 1e6:.1f} MB\t{count} updates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
