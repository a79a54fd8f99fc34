"""The article picker: each article's title, date and update count; choose one to read it."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from parsers.errors import LiveBlogError
from parsers.model import LiveBlog
from parsers.normalise.clean import clean_inline
from tui.articles import Article, Settings
from tui.render import blog_dates, count_of
from tui.widgets.key_bar import KeyBar


def article_prompt(article: Article) -> Content:
    """Return one picker row: the title, then date, update count and path (or the state of parsing)."""
    path = clean_inline(article.path)  # a file name is untrusted, like article text
    if article.error:
        return Content.assemble((path, "bold"), "\n", (clean_inline(article.error), "$error"))
    blog = article.blog
    if blog is None:
        return Content.assemble((path, "bold"), "\n", ("parsing…", "$text-muted"))
    return Content.assemble((blog.title or path, "bold"), "\n", (article_details(blog), "$text-muted"))


def article_details(blog: LiveBlog) -> str:
    """Return "date · N updates · publisher · path" for a parsed blog (unknown parts left out)."""
    parts = [blog_dates(blog) or "date unknown", count_of(len(blog.updates), "update")]
    if blog.source.publisher:
        parts.append(blog.source.publisher)
    parts.append(clean_inline(blog.source.path))
    return " · ".join(parts)


class PickerScreen(Screen[None]):
    """Lists the articles given on the command line; enter opens one, escape in the reader comes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="picker.down", show=False),
        Binding("k", "cursor_up", "Up", id="picker.up", show=False),
    ]

    def __init__(self, articles: list[Article], settings: Settings) -> None:
        super().__init__()
        self.articles = articles
        self.settings = settings

    def compose(self) -> ComposeResult:
        title = Content.assemble((count_of(len(self.articles), "article"), "bold"), "  enter to read")
        yield Static(title, id="header")
        yield OptionList(*[article_prompt(a) for a in self.articles], id="articles")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.parse_all()

    @work(thread=True, exclusive=True)
    def parse_all(self) -> None:
        """Parse every article in turn, off the event loop, updating its row as it is done."""
        for index, article in enumerate(self.articles):
            if article.blog is not None or article.error is not None:
                continue
            try:
                data, path = article.data, article.path
                # The same file listed twice, or opened in the reader meanwhile, is parsed once.
                article.blog = self.settings.parse(data, path, article.identity) if data else self.settings.load(path)
            except LiveBlogError as exc:
                article.error = str(exc)
            article.data = None
            self.app.call_from_thread(self._refresh_row, index)

    def _refresh_row(self, index: int) -> None:
        self.query_one(OptionList).replace_option_prompt_at_index(index, article_prompt(self.articles[index]))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.reader import ReaderScreen

        article = self.articles[event.option_index]
        if article.error:
            self.notify(article.error, severity="error", markup=False)
            return
        self.app.push_screen(ReaderScreen(article, self.settings, from_picker=True))
