"""The `trainer` command: opens the app, or validates and lists content without a terminal UI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from trainer import __version__, config
from trainer.engine.clock import Clock, SystemClock
from trainer.wording import plural

if TYPE_CHECKING:
    import argparse

    from trainer.cli.serving import Serve
    from trainer.content.loader import LoadResult
    from trainer.content.problems import Problem
    from trainer.study import Study


def _at_least_one(text: str) -> int:
    """A whole number of 1 or more, else a usage error."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes 1 or more, not {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    import argparse

    from trainer.cli import serving

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile",
        default="default",
        metavar="NAME",
        help="whose history to use, when several candidates share a machine",
    )
    common.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="another folder of banks and scenarios to load (may be repeated)",
    )
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Practise for immigration and border officer exams and interviews.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="lines of text instead of the full-screen app: for screen readers, braille and"
        " scripts (also TRAINER_PLAIN=1, or plain = true in settings.toml)",
    )
    parser.add_argument(
        "--candidate",
        action="store_true",
        help="a candidate's own trainer: the class report is not offered (trainer serve opens"
        " this for every user but its --instructor ones)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check content files and report every problem as path:line:col",
        description="Check the configured content, or only the files and folders given.",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.add_argument("--no-cache", action="store_true", help="parse every file afresh")

    catalog = commands.add_parser(
        "catalog", parents=[common], help="list what is loaded: sections, topics, counts"
    )
    catalog.add_argument("--json", action="store_true", help="print the catalog as JSON")

    schema = commands.add_parser(
        "schema", help="write the JSON Schemas that editors use to check content as it is typed"
    )
    schema.add_argument("--out", type=Path, help="folder to write into (default: the shipped one)")
    schema.add_argument(
        "--check", action="store_true", help="exit 1 when the written schemas are out of date"
    )

    commands.add_parser("locate", parents=[common], help="print where the trainer keeps things")

    scenario = commands.add_parser(
        "scenario", parents=[common], help="walk an interview scenario's every path"
    )
    scenario.add_argument("id", metavar="ID")
    scenario.add_argument("--walk", action="store_true", help="list every path and its totals")
    scenario.add_argument("--json", action="store_true", help="print as JSON")

    history = commands.add_parser(
        "history", parents=[common], help="list past sessions, or one session's every answer"
    )
    history.add_argument("session", nargs="?", metavar="SESSION_ID")
    history.add_argument("--json", action="store_true", help="print as JSON")

    weak = commands.add_parser("weak", parents=[common], help="rank topics weakest first")
    weak.add_argument("--json", action="store_true", help="print as JSON")

    items = commands.add_parser(
        "items",
        parents=[common],
        help="item analysis of the mock exams: questions too easy, too hard or keyed wrong",
        description="Every candidate's first sitting of each mock exam, analysed per question"
        " as Moodle's quiz statistics are: facility, discrimination, efficiency, distractors.",
    )
    items.add_argument("--blueprint", metavar="ID", help="only this mock exam")
    items.add_argument("--json", action="store_true", help="print as JSON")

    calibrate = commands.add_parser(
        "calibrate",
        parents=[common],
        help="fit every question's difficulty from all candidates' first attempts, for the"
        " adaptive mock exams",
        description="Item response theory over every profile's first attempt at each question"
        " as it stands: the fitted parameters are stored for the adaptive mock exams, and the"
        " questions whose answers contradict their authored difficulty are listed.",
    )
    calibrate.add_argument(
        "--model",
        choices=("1pl", "2pl"),
        default="2pl",
        help="2pl fits difficulty and discrimination, 1pl difficulty alone (default: 2pl)",
    )
    calibrate.add_argument(
        "--min-answers",
        type=_at_least_one,
        metavar="N",
        help="first attempts a question needs to be fitted; with fewer it keeps the prior from"
        " its authored difficulty (default: 30)",
    )
    calibrate.add_argument("--json", action="store_true", help="print as JSON")

    cohort = commands.add_parser(
        "cohort",
        parents=[common],
        help="for instructors: every candidate's activity, last mock and readiness, the class's"
        " weakest topics and the questions it misses most",
        description="Every profile in the history, read from its running summaries: answers in"
        " the last 7 and N days, days studied, the last mock, and readiness for the goal's mock;"
        " then the class's topics with every answer pooled, weakest first, and the questions the"
        " most candidates have missed.",
    )
    cohort.add_argument(
        "--days",
        type=_at_least_one,
        default=30,
        metavar="N",
        help="the window of days (UTC dates, ending today) for activity (default: 30)",
    )
    cohort.add_argument("--json", action="store_true", help="print as JSON")

    goal = commands.add_parser(
        "goal",
        parents=[common],
        help="show, set or clear your goal: the exam date, its mock and minutes a day",
    )
    goal.add_argument("--json", action="store_true", help="print the goal as JSON")
    goal_actions = goal.add_subparsers(dest="action", metavar="ACTION")
    goal_set = goal_actions.add_parser(
        "set",
        parents=[common],
        help="set the goal",
        description="The plan and readiness work back from this goal.",
    )
    goal_set.add_argument("--exam", required=True, metavar="YYYY-MM-DD", help="the exam day")
    goal_set.add_argument(
        "--blueprint", required=True, metavar="ID", help="the mock exam it is modelled on"
    )
    goal_set.add_argument("--minutes", required=True, metavar="N", help="minutes a day to give")
    goal_actions.add_parser("clear", parents=[common], help="forget the goal")

    readiness = commands.add_parser(
        "readiness",
        parents=[common],
        help="how likely you are to pass: today, and on the exam day",
        description="The predicted score on the goal's mock exam (or the one named), its 80%%"
        " interval and the chance to pass; with too few answers, how many more it needs.",
    )
    readiness.add_argument("--blueprint", metavar="ID", help="another mock exam than the goal's")
    readiness.add_argument("--json", action="store_true", help="print as JSON")

    plan = commands.add_parser(
        "plan", parents=[common], help="the study plan, day by day, to the goal's exam"
    )
    plan.add_argument("--days", type=int, metavar="N", help="show only the first N days")
    plan.add_argument("--json", action="store_true", help="print as JSON (every day)")

    export = commands.add_parser("export", parents=[common], help="export every answer")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")

    importing = commands.add_parser(
        "import",
        help="read GIFT, Aiken, Moodle XML or Anki files into question banks",
        description="Write each file's questions as a bank in DIR; the format is told from the "
        "content. Exit 0 when every question was imported, 1 when any was refused.",
    )
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importing.add_argument("--to", type=Path, required=True, metavar="DIR", help="folder to write")
    importing.add_argument("--section", default="imported", help="the banks' section")
    importing.add_argument("--topic", help="every question's topic (default: from categories)")
    importing.add_argument(
        "--format",
        choices=("gift", "aiken", "moodle-xml", "anki-text", "anki"),
        help="read every file in this format instead of telling it from the content",
    )
    importing.add_argument("--force", action="store_true", help="replace banks already in DIR")

    export_bank = commands.add_parser(
        "export-bank",
        parents=[common],
        help="write a question bank as GIFT, Aiken or Moodle XML",
        description="Questions the format cannot hold are left out and named (exit 1).",
    )
    export_bank.add_argument("bank", metavar="BANK_ID_OR_PATH")
    export_bank.add_argument("--format", choices=("gift", "aiken", "moodle-xml"), required=True)
    export_bank.add_argument("--out", type=Path, metavar="FILE", help="write here, not stdout")

    serving.add_parsers(commands)

    store = commands.add_parser("store", help="look after the history database")
    store_actions = store.add_subparsers(dest="action", required=True, metavar="ACTION")
    store_actions.add_parser(
        "rebuild",
        parents=[common],
        help="compute the running summaries (weak areas, activity, items) again from the answers",
    )
    migrate = store_actions.add_parser(
        "migrate",
        help="copy candidates' histories into another store (e.g. a SQLite file into PostgreSQL)",
        description="Copy every session, answer, mark, review card, interview run, goal and"
        " prediction, checking row counts and a digest; running it again copies only what is"
        " missing.",
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="URL",
                         help="sqlite:PATH or postgresql://...")  # fmt: skip
    migrate.add_argument("--to", dest="target", required=True, metavar="URL",
                         help="sqlite:PATH or postgresql://...")  # fmt: skip
    migrate.add_argument(
        "--profile", metavar="NAME", help="copy this candidate only (default: every one)"
    )

    mrz = commands.add_parser("mrz", help="check a machine-readable zone (ICAO 9303)")
    mrz_actions = mrz.add_subparsers(dest="mrz_command", metavar="ACTION", required=True)
    check = mrz_actions.add_parser(
        "check",
        help="name an MRZ's format and check every field and check digit",
        description="Exit 0 when the zone is well formed and every check digit holds, else 1.",
    )
    check.add_argument("lines", nargs="+", metavar="LINE", help="the MRZ lines, top first")
    check.add_argument(
        "--today", metavar="YYYY-MM-DD", help="judge validity on this day (default: today)"
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--strict", action="store_true", help="fail on validity warnings too")

    docgen = commands.add_parser(
        "docgen",
        help="generate document-review exercises",
        description="The same seed and options always give the same exercises.",
    )
    docgen.add_argument("--seed", type=int, required=True, metavar="N", help="0 or more")
    docgen.add_argument("--count", type=int, default=1, metavar="K", help="how many (default 1)")
    docgen.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the arrival date (default: a day fixed by the seed)"
    )
    docgen.add_argument(
        "--format",
        dest="formats",
        action="append",
        metavar="FORMAT",
        help="TD1, TD2, TD3, MRV-A or MRV-B (may be repeated; default: all)",
    )
    docgen.add_argument(
        "--defect",
        dest="defects",
        action="append",
        metavar="TAG",
        help="plant only these defects (may be repeated)",
    )
    docgen.add_argument(
        "--difficulty", type=int, choices=range(1, 6), metavar="1-5", help="default: mixed"
    )
    docgen.add_argument("--json", action="store_true", help="print the exercises as JSON")
    return parser


def _summary(result: LoadResult, problems: Sequence[Problem]) -> str:
    catalog = result.catalog
    counts = (
        f"{len(result.files)} files: {len(catalog)} questions, "
        f"{plural(len(catalog.blueprints), 'blueprint')}, "
        f"{plural(len(catalog.scenarios), 'scenario')}"
    )
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"{counts}; no problems"
    files = len({p.path for p in problems})
    return (
        f"{counts}; {plural(errors, 'error')}, {plural(warnings, 'warning')} "
        f"in {plural(files, 'file')}"
    )


def _located(args: argparse.Namespace) -> tuple[config.Locations, config.Settings, str | None]:
    """Where everything is, worked out (and the settings read) once per command."""
    if getattr(args, "located", None) is None:
        args.located = config.locate(args.content)
    located: tuple[config.Locations, config.Settings, str | None] = args.located
    return located


def _load(args: argparse.Namespace, extra: Sequence[Path] = ()) -> LoadResult:
    from trainer import startup
    from trainer.content import yamlsafe

    locations, _, settings_problem = _located(args)
    if settings_problem:
        print(f"warning: {settings_problem}", file=sys.stderr)
    if not yamlsafe.LIBYAML:
        print(f"warning: {yamlsafe.FALLBACK_WARNING}", file=sys.stderr)
    use_cache = not getattr(args, "no_cache", False)
    return startup.load_content(locations, args.clock, use_cache=use_cache, extra=extra)


def _under(problem: Problem, targets: Sequence[Path]) -> bool:
    where = Path(problem.path).absolute()
    return any(where == t or t in where.parents for t in targets)


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli.walks import path_problems

    targets = [p.absolute() for p in args.paths]
    result = _load(args, targets)
    found = [*result.problems, *path_problems(result)]
    problems = [p for p in found if not targets or _under(p, targets)]
    if args.json:
        report = {
            "files": len(result.files),
            "questions": len(result.catalog),
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
            "problems": [p.to_json() for p in problems],
        }
        import json

        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        for problem in problems:
            print(problem, file=out)
        print(_summary(result, problems), file=out)
    return 1 if any(p.is_error for p in problems) else 0


def cmd_scenario(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli.walks import print_walk

    scenarios = _load(args).catalog.scenarios
    scenario = scenarios.get(args.id)
    if scenario is None:
        known = ", ".join(sorted(scenarios)) or "none loaded"
        print(f"trainer: no scenario {args.id!r} (known: {known})", file=sys.stderr)
        return 1
    if not args.walk:
        print(f"{scenario.title}: {len(scenario.nodes)} nodes, {len(scenario.endings)} endings;"
              " add --walk to list every path", file=out)  # fmt: skip
        return 0
    return print_walk(scenario, out, as_json=args.json)


def cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    result = _load(args)
    summary = result.catalog.summary()
    if args.json:
        summary["problems"] = {"errors": result.errors, "warnings": result.warnings}
        import json

        json.dump(summary, out, indent=2)
        out.write("\n")
        return 0
    from trainer.content.text import clean

    print(f"{summary['questions']} questions", file=out)
    for name, section in summary["sections"].items():
        types = ", ".join(f"{t} {n}" for t, n in section["types"].items())
        levels = " ".join(f"{d}:{n}" for d, n in section["difficulty"].items())
        print(f"  {name}: {section['questions']}  ({types}; difficulty {levels})", file=out)
        for topic, count in section["topics"].items():
            print(f"    {topic}: {count}", file=out)
    print(f"{len(summary['blueprints'])} blueprints", file=out)
    for b in summary["blueprints"]:
        print(
            f"  {b['id']}: {clean(b['title'])} - {b['questions']} questions, "
            f"{b['minutes']:g} min, pass {b['pass_mark']:g}%",
            file=out,
        )
    print(f"{len(summary['scenarios'])} scenarios", file=out)
    for s in summary["scenarios"]:
        print(
            f"  {s['id']}: {clean(s['title'])} - {s['nodes']} nodes, {s['endings']} endings",
            file=out,
        )
    if result.problems:
        print(
            f"{result.errors} errors and {result.warnings} warnings: run 'trainer validate'",
            file=out,
        )
    return 0


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.content import schema

    folder = args.out or config.shipped_content()[0] / "schema"
    if args.check:
        stale = schema.stale(folder)
        for name in stale:
            print(f"{folder / name}: out of date; run 'trainer schema'", file=out)
        return 1 if stale else 0
    for path in schema.write(folder):
        print(path, file=out)
    return 0


def cmd_locate(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.store.opening import shown

    locations, _, settings_problem = _located(args)
    rows = [
        ("data folder", locations.home),
        ("history", shown(locations.history_target)),
        ("settings", locations.settings),
        ("content cache", locations.cache),
    ]
    rows += [("shipped content", p) for p in locations.content]
    rows += [("your content", p) for p in locations.user_content]
    for label, path in rows:
        print(f"{label:>16}  {path}", file=out)
    if settings_problem:
        print(f"warning: {settings_problem}", file=out)
    return 0


def _study(args: argparse.Namespace) -> Study:
    from trainer import startup

    content = _load(args)
    locations, _, _ = _located(args)
    study, notice = startup.open_study(locations, content, args.clock, profile=args.profile)
    if notice:
        print(f"warning: {notice}", file=sys.stderr)
    return study


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import history

    study = _study(args)
    if args.session is None:
        history.print_sessions(study.history(), out, as_json=args.json)
        return 0
    if history.print_session(study, args.session, out, as_json=args.json):
        return 0
    print(f"trainer: no session {args.session!r} (see 'trainer history')", file=sys.stderr)
    return 1


def cmd_weak(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import history

    history.print_weak(_study(args), out, as_json=args.json)
    return 0


def cmd_items(args: argparse.Namespace, out: TextIO) -> int:
    from trainer import itemreport

    study = _study(args)
    reports = itemreport.analyse_history(study.catalog, study.store, args.blueprint)
    known = study.catalog.blueprints
    if args.blueprint is not None and not reports and args.blueprint not in known:
        names = ", ".join(sorted(known)) or "none loaded"
        print(f"trainer: no mock exam {args.blueprint!r} (known: {names})", file=sys.stderr)
        return 1
    itemreport.print_reports(reports, out, as_json=args.json, blueprint=args.blueprint)
    return 0


def cmd_calibrate(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import calibrate
    from trainer.engine import irt
    from trainer.study import calibration

    settings = irt.Settings(
        model=args.model,
        min_answers=irt.MIN_ANSWERS if args.min_answers is None else args.min_answers,
    )
    study = _study(args)
    report = calibration.run(study.catalog, study.store, args.clock.now(), settings)
    calibrate.print_report(report, out, as_json=args.json)
    return 0


def cmd_cohort(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import cohort
    from trainer.store.opening import open_history
    from trainer.study.cohort import report

    content = _load(args)
    locations, _, _ = _located(args)
    store, notice = open_history(locations.history_target, args.clock.now())
    if notice:
        print(f"warning: {notice}", file=sys.stderr)
    try:
        found = report(content.catalog, store, args.clock.now(), days=args.days)
    finally:
        store.close()
    cohort.print_report(found, content.catalog, out, as_json=args.json)
    return 0


def cmd_goal(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import coaching
    from trainer.engine.goal import GoalError

    study = _study(args)
    if args.action == "clear":
        had = study.coach.clear_goal()
        print("Goal cleared." if had else "There was no goal to clear.", file=out)
        return 0
    if args.action == "set":
        try:
            goal = study.coach.set_goal(args.exam, args.blueprint, args.minutes)
        except GoalError as exc:
            print(f"trainer: {exc}; the goal is unchanged", file=sys.stderr)
            return 1
        coaching.print_goal(study, goal, out, as_json=args.json)
        return 0
    coaching.print_goal(study, study.coach.goal(), out, as_json=args.json)
    return 0


def cmd_readiness(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import coaching
    from trainer.engine.goal import GoalError

    study = _study(args)
    try:
        found = study.coach.readiness(args.blueprint)
    except GoalError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    coaching.print_readiness(study, found, out, as_json=args.json)
    return 0


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import coaching
    from trainer.engine.goal import GoalError

    if args.days is not None and args.days < 1:
        print("trainer: --days takes 1 or more", file=sys.stderr)
        return 2
    study = _study(args)
    try:
        plan = study.coach.plan()
    except GoalError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    coaching.print_plan(study, plan, out, as_json=args.json, days=args.days)
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import history

    study = _study(args)
    if args.out is None:
        history.export(study, out, args.format)
        return 0
    try:
        with args.out.open("w", encoding="utf-8", newline="") as handle:
            count = history.export(study, handle, args.format)
    except OSError as exc:
        print(f"trainer: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{count} answers written to {args.out}", file=out)
    return 0


def cmd_store(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.store.opening import open_history, shown

    if args.action == "migrate":
        from trainer.cli import migrating

        return migrating.run(args.source, args.target, args.profile, args.clock.now(), out)

    locations, _, _ = _located(args)
    store, notice = open_history(locations.history_target, args.clock.now())
    if notice:
        print(f"warning: {notice}", file=sys.stderr)
    try:
        store.rebuild_summaries()
    finally:
        store.close()
    print(f"summaries rebuilt from the answers in {shown(locations.history_target)}", file=out)
    return 0


def cmd_mrz(args: argparse.Namespace, out: TextIO) -> int:
    from trainer import startup
    from trainer.cli import docgen as commands

    return commands.mrz_check(args, out, startup.today(args.clock))


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import imports as commands

    return commands.import_files(args, out)


def cmd_export_bank(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import imports as commands

    return commands.export_bank(args, out, lambda: _load(args))


def cmd_docgen(args: argparse.Namespace, out: TextIO) -> int:
    from trainer.cli import docgen as commands

    return commands.docgen(args, out)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, TextIO], int]] = {
    "validate": cmd_validate,
    "catalog": cmd_catalog,
    "schema": cmd_schema,
    "locate": cmd_locate,
    "history": cmd_history,
    "scenario": cmd_scenario,
    "weak": cmd_weak,
    "items": cmd_items,
    "calibrate": cmd_calibrate,
    "cohort": cmd_cohort,
    "goal": cmd_goal,
    "readiness": cmd_readiness,
    "plan": cmd_plan,
    "export": cmd_export,
    "store": cmd_store,
    "mrz": cmd_mrz,
    "docgen": cmd_docgen,
    "import": cmd_import,
    "export-bank": cmd_export_bank,
}


OpenApp = Callable[[Sequence[Path], str, bool, bool], int]
"""Opens a front end and returns its exit code: given the content folders, the profile, whether
the plain one was asked for, and whether it is a candidate's own trainer (no class report)."""


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    clock: Clock | None = None,
    open_app: OpenApp | None = None,
    serve: Serve | None = None,
) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problems found, 2 misuse).

    `clock` is the machine's unless given: every command reads the time from it. With no command
    (`trainer`, or only `--content` and `--profile`) the app opens through `open_app`, which the
    launcher passes: this front end never imports the other.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    if not words and open_app is not None:
        # The common case, `trainer` alone, opens the app without building the parser.
        return open_app((), "default", False, False)
    args = _parser().parse_args(words)
    args.clock = clock or SystemClock()
    stream = out if out is not None else sys.stdout
    if args.command is None:
        if open_app is None:
            print("trainer: name a command (see trainer --help)", file=sys.stderr)
            return 2
        return open_app(args.content, args.profile, args.plain, args.candidate)
    from trainer.store.sqlite import StoreError

    if args.command in ("serve", "user"):
        from trainer.cli import serving

        if args.command == "user":
            return serving.cmd_user(args, stream)
        return serving.cmd_serve(args, stream, serve)
    try:
        return COMMANDS[args.command](args, stream)
    except StoreError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`trainer validate | head`); nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
