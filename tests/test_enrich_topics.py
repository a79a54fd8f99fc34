"""Topics: built-in lexicons, user TOML topics, the config-dir lookup, and suggested topics."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_enrich_quotes import make_blog

from parsers.enrich.run import enrich_liveblog
from parsers.enrich.topics import BUILTIN_TOPICS, TopicDef, TopicMatcher, assign_topics
from parsers.enrich.user_topics import config_dir, default_topics_path, load_user_topics, parse_topics_toml
from parsers.errors import InputError
from parsers.extract.text import parse_text_string
from parsers.pipeline import load_liveblog

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"


def builtin_topics_of(*texts: str) -> list[tuple[str, ...]]:
    return assign_topics(list(texts), TopicMatcher(BUILTIN_TOPICS))


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("The Syrian regime denied it.", ("Syria",)),
        ("Assad's forces moved on Idlib.", ("Syria",)),
        ("SARIN was used, the report says.", ("Syria",)),  # lowercase terms match any case
        ("A deadly sarin attack near Khan  Sheikhoun.", ("Syria",)),  # spaces inside a term
        ("Nato allies met; NATO's chief spoke.", ("NATO",)),
        ("Mr Stoltenberg spoke.", ("NATO",)),
        ("Pyongyang fired a missile, Kim Jong-un watched.", ("North Korea",)),
        ("North Koreans crossed the border.", ("North Korea",)),
        ("Assyrian art and a senator from Donato.", ()),  # whole words only
        ("nato is not the alliance written in capitals", ()),  # "Nato" is case-sensitive
        ("The unsyrian ideal", ()),
    ],
)
def test_builtin_topics_respect_word_boundaries_and_case(text: str, topics: tuple[str, ...]) -> None:
    assert builtin_topics_of(text) == [topics]


def test_context_terms_count_only_in_a_blog_about_the_topic() -> None:
    about_nato = builtin_topics_of("Nato met today.", "Nato leaders spoke.", "The alliance will grow.")
    assert about_nato[2] == ("NATO",)
    elsewhere = builtin_topics_of("The alliance between the two clubs will grow.", "Nato was mentioned once.")
    assert elsewhere[0] == ()


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


CYBER = """
[topics."Cyber"]
include = ["cyber", "hack*", "Kommersant"]
exclude = ["cyber monday"]

[topics."Syria"]
include = ["Aleppo"]
"""


def test_user_topics_include_exclude_prefix_and_case(tmp_path: Path) -> None:
    topics = parse_topics_toml(CYBER, "topics.toml")
    matcher = TopicMatcher(topics)
    results = assign_topics([
        "Cyber attacks on the grid",  # lowercase term: any case
        "Deals for Cyber Monday only",  # inside an exclude term
        "Cyber Monday deals, and a cyber attack too",  # one match outside the exclusion
        "The hackers were Russian",  # prefix term
        "kommersant asked",  # capitalised term: case-sensitive
        "cybersecurity",  # whole words only
    ], matcher)
    assert results == [("Cyber",), (), ("Cyber",), ("Cyber",), (), ()]


def test_user_topics_join_and_override_builtins_through_the_loader(tmp_path: Path) -> None:
    topics_file = write(tmp_path / "t.toml", CYBER)
    blog = load_liveblog(str(SAMPLE), topics_file=topics_file)
    by_time = {u.time: u for u in blog.updates}
    assert "Cyber" in by_time["19:15"].topics  # "cyber security", "hacking", "Kommersant"
    # the user's "Syria" replaces the built-in one: only "Aleppo" counts now
    assert all("Syria" not in u.topics for u in blog.updates)


def test_topics_file_from_the_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_CONFIG_DIR", str(tmp_path))
    write(tmp_path / "topics.toml", '[topics."Moscow"]\ninclude = ["Moscow", "Kremlin"]\n')
    blog = load_liveblog(str(SAMPLE))
    assert sum("Moscow" in u.topics for u in blog.updates) >= 5


def test_config_dir_lookup_order(tmp_path: Path) -> None:
    assert config_dir({"LIVEBLOG_CONFIG_DIR": "/a", "XDG_CONFIG_HOME": "/b", "HOME": "/c"}) == Path("/a")
    assert config_dir({"XDG_CONFIG_HOME": "/b", "HOME": "/c"}) == Path("/b/liveblog")
    assert default_topics_path({"HOME": "/c"}) == Path("/c/.config/liveblog/topics.toml")
    assert load_user_topics(None, {"LIVEBLOG_CONFIG_DIR": str(tmp_path)}) == ()  # no file: no topics


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[topics."Cyber"\ninclude = ["cyber"]\n', "invalid topics file"),
        ('[topics."Cyber"]\ninclude = "cyber"\n', "must be a list of strings"),
        ('[topics."Cyber"]\nexclude = ["x"]\n', 'has no "include" list'),
        ('[topics."Cyber"]\ninclude = ["cyber"]\ncolour = "red"\n', "unknown key"),
        ('[topic."Cyber"]\ninclude = ["cyber"]\n', "unknown table or key"),
        ('[topics."Cyber"]\ninclude = [" "]\n', "empty term"),
    ],
)
def test_a_broken_topics_file_is_one_line_input_error(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(InputError) as info:
        load_liveblog(str(SAMPLE), topics_file=path)
    message = str(info.value)
    assert message.startswith(path) and words in message and "\n" not in message


def test_missing_and_non_utf8_topics_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="topics file not found"):
        load_user_topics(str(tmp_path / "nope.toml"))
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b'[topics."Caf\xe9"]\ninclude = ["x"]\n')
    with pytest.raises(InputError, match="not UTF-8"):
        load_user_topics(str(bad))


def test_cli_reports_a_broken_topics_file_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.toml", "[topics\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(SAMPLE), "--topics", path],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "invalid topics file" in result.stderr
    assert "Traceback" not in result.stderr


FOOTBALL = """England into the World Cup final

England beat Australia 3-1 in Sydney to reach the World Cup final, where they will meet Spain.

10:02

Lionesses through

England reached the final after goals from Ella Toone, Lauren Hemp and Alessia Russo in Sydney.

"We knew it would be hard," Sarina Wiegman said. "The Lionesses never give up."

09:40

Russo seals it

Alessia Russo scored the third goal as England held on against Australia in front of a loud crowd.

Ms Wiegman said Russo had "been brilliant all tournament".

09:10

Australia pull one back

Sam Kerr scored a stunning goal for Australia, but England stayed calm.

"We were not good enough," Tony Gustavsson, the Australia coach, said.

08:45

Toone scores

Ella Toone put England ahead with a curling shot before half-time in Sydney.

08:30

Kick-off in Sydney

The semi-final between Australia and England has kicked off in front of 75,000 fans.

08:00

Team news

Sarina Wiegman names an unchanged England side, with Lauren James still suspended after her red card.
"""


def test_suggested_topics_for_a_football_blog() -> None:
    blog = enrich_liveblog(parse_text_string(FOOTBALL, "football.txt"))
    suggested = blog.suggested_topics
    assert suggested, "a football blog gets suggestions"
    assert {"Australia", "Sydney", "Sarina Wiegman"} <= set(suggested)
    assert len(suggested) <= 8
    assert not {"Syria", "NATO", "North Korea"} & {t for u in blog.updates for t in u.topics}
    # suggested topics are applied to the updates that mention them
    for update in blog.updates:
        mentions_sydney = "Sydney" in f"{update.headline} {update.text}"
        assert ("Sydney" in update.topics) == mentions_sydney
    speakers = {s for u in blog.updates for s in u.speakers}
    assert speakers == {"Sarina Wiegman", "Tony Gustavsson"}


RIOT = """Riots live: disorder spreads after Southport stabbing

09:00

Riot police in Rotherham

Riot police were pelted with bricks outside a hotel in Rotherham housing asylum seekers.

08:30

Home Secretary speaks

Yvette Cooper said the rioters would "pay the price" for the violent disorder.

08:00

Arrests

South Yorkshire Police said 10 people were arrested after the disorder in Rotherham.

07:30

Prime Minister condemns far-right thuggery

Keir Starmer said: "This is not protest, it is organised, violent thuggery." Mr Starmer promised more riot police.

07:00

Southport vigil

Hundreds gathered in Southport for a vigil before the violent disorder began.
"""


def test_suggested_topics_for_a_riot_blog() -> None:
    blog = enrich_liveblog(parse_text_string(RIOT, "riot.txt"))
    assert {"Rotherham", "Riot police"} <= set(blog.suggested_topics)
    by_time = {u.time: u for u in blog.updates}
    assert "Rotherham" in by_time["09:00"].topics and "Rotherham" not in by_time["07:00"].topics
    assert by_time["08:30"].speakers == ("Yvette Cooper",)
    assert by_time["07:30"].speakers == ("Keir Starmer",)
    assert by_time["08:00"].speakers == ()  # the police force is not a person


def test_topic_filter_counts_include_suggested_topics() -> None:
    blog = make_blog((None, ["Mr Lavrov spoke in Moscow about Syria."]),
                     (None, ["Moscow said Syria must decide."]),
                     (None, ["Nothing here."]))
    enriched = enrich_liveblog(blog)
    assert [u.topics for u in enriched.updates] == [("Syria", "Moscow"), ("Syria", "Moscow"), ()]
    assert enriched.suggested_topics == ("Moscow",)


def test_topicdef_is_plain_data() -> None:
    topic = TopicDef("X", ("x",))
    assert topic.exclude == () and topic.context == ()
