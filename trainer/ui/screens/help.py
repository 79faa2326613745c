"""Help: every key, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

HELP = """\
Everywhere
  ?          this help
  ctrl+p     command palette (every action, themes)
  escape     back / leave        q   quit (from home)
  ctrl+s     start, in the practice, mock exam and interview dialogs

Home
  t today's plan  p practice    m mock exam    d weak-area drill
  v spaced review i interview   h history      w weak areas
  g goal          l study plan  a item analysis
  c class report (instructors)  r resume an unfinished mock exam

Questions
  1-9, a-e   choose an option
  enter      answer (several answers: tick with letters, then enter)
  [ ]        move an item up or down when putting options in order
  k          say how sure you are (low, medium, high) first
  n / p      next / previous, or the arrow keys
  page keys  next / previous while an answer is being typed
  w          say why a miss happened (practice)
  ctrl+up/down  scroll a long exhibit, the answer kept

Mock exams
  f  flag for review         x  strike out the highlighted option
  u  next unanswered         g  go to a question
  s  end the section or submit the exam
  The clock counts down per section, turning to a warning in the
  last 10%. Leaving keeps the exam: resume it from home with the
  time you had left.

Interviews
  1-9        say one of the numbered responses
  enter      continue, or send typed words
  escape     leave: the run is kept; the interview list resumes it

Results and history
  a all   o only wrong   f flagged   r practise the missed again
  enter   open a past session's review

Item analysis
  tab     between the mock exams and their questions
  enter   a question's options: who chose each, and how they scored

Class report
  1 2 3   candidates, weakest topics, most-missed questions
  up/down the highlighted row is told in full under its table
"""


class HelpScreen(ModalScreen[None]):
    """The keys of every screen."""

    BINDINGS = [  # noqa: RUF012 - Textual's class-level table
        Binding("escape", "close", "Close"),
        Binding("question_mark,q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(HELP, markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
