"""Help: every key, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
Everywhere
  ?          this help            ctrl+p   command palette (every action, themes)
  q          quit (from home)     escape   back / leave

Home
  p practice   m mock exam   d weak-area drill   v spaced review
  i interview  h history     w weak areas        r resume an unfinished mock exam

Questions
  1-9, a-e   choose an option (a letter past the last option works as a key below)
  enter      answer (several options: toggle with letters, enter to answer)
  [ ]        move an item up or down when putting options in order
  k          say how sure you are (low, medium, high) before answering
  n / p      next / previous (or the arrow keys; page down / up while typing an answer)
  w          say why a miss happened (practice)
  ctrl+up/down  scroll a long exhibit without leaving the answer

Mock exams
  f flag for review   x strike out the highlighted option   u next unanswered
  g go to a question  s end the section or submit the exam
  The clock counts down per section; it turns to a warning in the last 10%.
  Leaving keeps the exam: resume it from home with the time you had left.

Interviews
  1-9        say one of the numbered responses   enter   continue, or send typed words
  escape     leave: the run is kept, and the interview list offers to resume it

Results and history
  a all   o only wrong   f flagged   r practise the missed ones again
  enter   open a past session's review
"""


class HelpScreen(ModalScreen[None]):
    """The keys of every screen."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(HELP, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
