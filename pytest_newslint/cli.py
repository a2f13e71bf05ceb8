"""The `newslint` command.

Exit status: 0 no findings at or above the fail level, 1 findings, 2 usage or config error.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from . import __version__, formats
from .config import ConfigError, default_date, load_config
from .engine import Engine
from .finding import BUILT_IN_FINDINGS, SEVERITY_RANK, UNSILENCEABLE
from .fix import fix_bytes, fix_file, remove_stale_temporary_files
from .formats import explain, explain_built_in, list_rules
from .git import DiffBaseError, changed_lines
from .init import main as init_main
from .pipeline import progress
from .pipeline.baseline import Baseline, BaselineError
from .pipeline.baseline import write as write_baseline_file
from .pipeline.filters import baseline_path
from .pipeline.workers import default_jobs, fewer_collections
from .plugins import PluginError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _rule_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslint",
        description="Lint news articles (.txt, .md): repeated blocks, trailing padding, hashtag stuffing, conflicting titles. "
        "`newslint init` writes a starter config; `newslint server` runs the language server (LSP) for editors.",
    )
    parser.add_argument("paths", nargs="*", help="files or folders to check (default: the current folder)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: nearest .newslint.yaml or pyproject.toml [tool.newslint])")
    parser.add_argument("--format", default="text", metavar="FORMAT", help=f"output format: {', '.join(formats.FORMATS)} or one a plugin adds (default: text)")
    parser.add_argument("--select", type=_rule_list, action="extend", metavar="RULES", help="run only these of the rules the config enables (comma-separated ids)")
    parser.add_argument("--ignore", type=_rule_list, action="extend", metavar="RULES", help="skip these rules (comma-separated ids)")
    parser.add_argument(
        "--fail-level", choices=("error", "warning", "info"), default="warning",
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--fix", action="store_true", help="remove the defects that can be removed safely (padding, hashtag lines, exact repeated blocks)")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of what --fix would change; write nothing")
    parser.add_argument("--stdin-filename", metavar="PATH", help="the name of the article read from standard input (PATH `-`), for config globs and messages")
    parser.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--report-unused-suppressions", action="store_true", help="report suppressions that silence nothing")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes for the per-file pass (default: the number of cores)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache (cache-dir in the config)")
    parser.add_argument("--baseline", metavar="FILE", help="do not report the findings recorded in FILE (default: `baseline:` in the config)")
    parser.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE (a baseline) and exit 0")
    parser.add_argument("--diff-base", metavar="REF", help="report only findings on lines changed since the git revision REF")
    parser.add_argument("--default-date", metavar="YYYY-MM-DD", help="the date of articles that give none (front matter, file name); overrides' default-date still wins in their folders")
    parser.add_argument("--show-config", metavar="PATH", help="print the settings in force for PATH and exit")
    parser.add_argument("--list-rules", action="store_true", help="list the rules, their source and options, and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["init"] and not os.path.exists("init"):
        try:
            return init_main(argv[1:])
        except (ConfigError, PluginError) as exc:
            print(f"newslint: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if argv[:1] == ["server"] and not os.path.exists("server"):
        from .server import main as server_main  # the language server (pygls), only when asked for

        return server_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with fewer_collections():  # the walk, the check and the report (see engine)
            return run(args)
    except (ConfigError, PluginError) as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130


def run(args) -> int:
    known_formats = formats.available_formats()
    if args.format not in known_formats:
        raise ConfigError(f"--format: unknown format {args.format!r} (known: {', '.join(known_formats)})")
    config = load_config(args.config)
    if args.list_rules:
        print(list_rules(config.known_rules()), end="")
        return EXIT_CLEAN
    if args.explain:
        rules = config.known_rules()
        if args.explain in BUILT_IN_FINDINGS:
            print(explain_built_in(args.explain), end="")
            return EXIT_CLEAN
        if args.explain not in rules:
            known = sorted(rules) + sorted(BUILT_IN_FINDINGS)
            raise ConfigError(f"--explain: unknown rule {args.explain!r} (known: {', '.join(known)})")
        print(explain(rules[args.explain]), end="")
        return EXIT_CLEAN

    config.restrict(args.select, args.ignore)
    if args.default_date:
        config.default_date = default_date(args.default_date, "--default-date")
    if args.show_config:
        print(f"# settings in force for {args.show_config}")
        import yaml  # here: most runs never write YAML (yamlsafe)

        print(yaml.safe_dump(config.as_dict(args.show_config), sort_keys=False, allow_unicode=True), end="")
        return EXIT_CLEAN

    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        raise ConfigError("--jobs: expected a number of processes, 1 or more")
    engine = Engine(
        config,
        report_unused_suppressions=args.report_unused_suppressions,
        use_cache=not args.no_cache,
        jobs=jobs,
        compare_with_repository=True,
    )
    try:
        return run_engine(engine, config, args)
    finally:
        engine.close()


def run_engine(engine: Engine, config, args) -> int:
    paths = args.paths or ["."]
    if "-" in paths:
        if len(paths) > 1:
            raise ConfigError("`-` (standard input) cannot be combined with other paths")
        return run_stdin(engine, args)
    if args.stdin_filename:
        raise ConfigError("--stdin-filename goes with `-` (read the article from standard input)")
    for path in paths:
        # a typo must not pass as a clean run; a dangling symlink named is the file's own
        # problem (a file-error finding), as it is inside a folder
        if not os.path.lexists(path):
            raise ConfigError(f"{path}: no such file or folder")

    if args.diff_base:
        try:
            engine.changed_lines = changed_lines(args.diff_base, str(config.root))
            engine.checker.dates.diff_base = args.diff_base  # articles added since it are new
        except DiffBaseError as exc:
            raise ConfigError(str(exc)) from None
    baseline_file = args.baseline or (str(config.root / config.baseline) if config.baseline else None)
    if baseline_file and not args.write_baseline:
        try:
            engine.baseline = Baseline.load(Path(baseline_file))
        except BaselineError as exc:
            raise ConfigError(str(exc)) from None

    if not (args.write_baseline or args.fix or args.diff):
        engine.start_workers(paths)  # a cold run over a large folder: the workers start while it is walked
    files = engine.discover(paths)
    if args.write_baseline:
        return write_baseline(engine, files, Path(args.write_baseline))
    changed = 0
    if args.fix or args.diff:
        changed = run_fixes(engine, files, write=args.fix and not args.diff)
        if args.diff:
            return EXIT_FINDINGS if changed else EXIT_CLEAN
        # the walk's stats are from before the fixes: the cache would serve the fixed files'
        # old results (the findings just fixed) on their strength
        engine.forget_stats()
    if progress.wanted(sys.stderr, args.format, args.quiet):
        engine.progress = progress.Progress(sys.stderr)
    try:
        report = engine.run_files(files)
    finally:
        if engine.progress is not None:
            engine.progress.close()
    if not report.files and not args.quiet:
        print("newslint: no files to check (see include/exclude in the config)", file=sys.stderr)
    emit(args, report.findings, report.files, engine.known_rules, report.hidden)
    note_dates(config, report, args.quiet)
    if args.fix and changed and not args.quiet:
        print(f"newslint: fixed {changed} file{'s' if changed != 1 else ''}", file=sys.stderr)
    return exit_status(args, report.findings, changed if args.fix else 0)


def note_dates(config, report, quiet: bool) -> None:
    """A one-line note on standard error when the articles are newer than the built-in data."""
    settings = config.base_settings().get("title-role")
    if quiet or settings is None or not settings.enabled:
        return
    from .rules.title_role import registry_note

    note = registry_note(report.latest_date, settings.options)
    if note:
        print(f"newslint: note: {note}", file=sys.stderr)


def write_baseline(engine: Engine, files: list[Path], target: Path) -> int:
    results = engine.results_for(files)
    report = engine.finish(results, engine.reference_results(files) if engine.compare_with_repository else [])
    by_path = {r.path: r for r in results}
    excerpts = {}
    for finding in report.findings:
        key = (baseline_path(engine.config, finding, by_path), finding.rule, finding.fingerprint)
        excerpts.setdefault(key, _excerpt(by_path.get(finding.path), finding, engine.config))
    count = write_baseline_file(target, report.findings, lambda f: baseline_path(engine.config, f, by_path), excerpts)
    print(f"newslint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {target}", file=sys.stderr)
    return EXIT_CLEAN


def _excerpt(result, finding, config) -> str:
    """A short excerpt of a finding's text for the baseline's reviewers (a bounded read of a
    regular file; nothing for findings about the file itself)."""
    if result is None or finding.rule in UNSILENCEABLE:
        return ""
    try:
        if not stat.S_ISREG(os.stat(result.config_path).st_mode):
            return ""
        with open(result.config_path, "rb") as handle:
            head = handle.read(EXCERPT_READ_LIMIT)
    except OSError:
        return ""
    encoding = config.encoding_for(result.config_path)
    lines = head.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace").splitlines()
    for line in lines[finding.line - 1 : max(finding.end_line, finding.line)]:
        if line.strip():
            text = " ".join(line.split())
            return text if len(text) <= 80 else text[:77] + "..."
    return "(blank lines)" if finding.line <= len(lines) else ""


EXCERPT_READ_LIMIT = 4 * 1024 * 1024


def run_fixes(engine: Engine, files: list[Path], write: bool) -> int:
    """Fix (or, without `write`, diff) every file; returns how many change."""
    changed = 0
    for folder in sorted({Path(path).parent for path in files}):
        remove_stale_temporary_files(folder)
    for path in files:
        result = fix_file(engine, path, write=write)
        if result.error and result.fixed != result.original:
            print(f"{result.path}: {result.error}", file=sys.stderr)
        elif result.fixed != result.original and result.error is None:
            changed += 1
            if not write:
                sys.stdout.write(result.diff())
    return changed


def run_stdin(engine: Engine, args) -> int:
    raw = sys.stdin.buffer.read()
    name = args.stdin_filename or "<stdin>"
    config_path = os.path.abspath(name)
    if args.fix or args.diff:
        fixed = fix_bytes(engine, raw, name, config_path)
        if args.diff:
            sys.stdout.write(fixed.diff())
            return EXIT_FINDINGS if fixed.fixed != raw else EXIT_CLEAN
        sys.stdout.buffer.write(fixed.fixed)
        sys.stdout.flush()
        raw = fixed.fixed
    result = engine.check_document_bytes(raw, name, config_path)
    report = engine.finish([result])
    if args.fix:  # the article went to standard output; findings go to standard error
        sys.stderr.write(formats.render_text(report.findings, report.files, summary=False))
    else:
        emit(args, report.findings, report.files, engine.known_rules, report.hidden)
    return exit_status(args, report.findings, 0)


def emit(args, findings, files, rules=None, hidden: int = 0) -> None:
    stream = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    try:
        stream.write(formats.render(args.format, findings, files, stream, summary=not args.quiet, rules=rules, hidden=hidden))
    finally:
        if stream is not sys.stdout:
            stream.close()


def exit_status(args, findings, changed: int) -> int:
    threshold = SEVERITY_RANK[args.fail_level]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing or changed else EXIT_CLEAN


def console_main() -> None:
    """The `newslint` command: `main`, then the process ends without freeing what it holds, as
    mypy's `hard_exit` does. A run holds a result for every article, the corpus's arrays and
    the modules: freeing them took 0.04-0.07 s of every run (a warm run on 10,000 articles is
    0.23 s). Everything is written by then: the report (flushed here), the cache (closed by
    `run`), the focus index (renamed into place); the worker processes are gone."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that stopped early (`| head`), a closed stream
        pass
    os._exit(code if isinstance(code, int) else EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    # `python -m pytest_newslint.cli` exits the usual way: a profiler or coverage wrapping it
    # (benchmarks/run.py --profile) writes its data at exit
    sys.exit(main())
