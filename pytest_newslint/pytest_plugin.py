"""pytest plugin: `pytest --newslint` checks content files as test items.

One item per content file, marked `newslint`. The check runs once per pytest run, for every
collected file (so the corpus-wide pass sees them all), the first time an item needs it; the
other items read their part. Under pytest-xdist the controller hands every worker the path of
one results file: the workers share the per-file pass out between them, and the corpus-wide
pass runs once, in one worker, under a file lock (see `session_findings`).
"""
from __future__ import annotations

import errno
import fnmatch
import functools
import gc
import inspect
import json
import os
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from .config import ConfigError, default_date, load_config
from .engine import Engine
from .finding import SEVERITY_RANK, Finding
from .git import listing
from .pipeline.baseline import Baseline, BaselineError
from .pipeline.results import FileResult, Report
from .pipeline.workers import FEWER_COLLECTIONS, default_jobs, fewer_collections
from .plugins import PluginError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: each worker computes the results itself
    fcntl = None

ENGINE_KEY = pytest.StashKey["Engine"]()
RESULTS_FILE_KEY = pytest.StashKey[str]()
TEMP_DIR_KEY = pytest.StashKey[str]()
NOTE_KEY = pytest.StashKey[str]()  # a note for the run's summary (newer articles than the built-in data)
FILES_KEY = pytest.StashKey[list]()  # the collected articles' absolute paths (str)
FINDINGS_KEY = pytest.StashKey[dict]()
LEAN_KEY = pytest.StashKey[bool]()  # whether the items after the first may skip the setup/call/teardown hooks
GC_THRESHOLDS_KEY = pytest.StashKey[tuple]()  # the collector's thresholds before the lean items
HOOKS_BY_FOLDER_KEY = pytest.StashKey[dict]()  # {folder: (generation, the hooks of its nodes)}, see FolderHooks
INITIAL_PATHS_KEY = pytest.StashKey[frozenset]()  # the absolute paths pytest was given
LAST_FAILED_KEY = pytest.StashKey[frozenset]()  # the node ids --lf's record holds, at the start
WORKER_INPUT = "newslint_results_file"


def pytest_addoption(parser):
    group = parser.getgroup("newslint", "news article linting")
    group.addoption("--newslint", action="store_true", help="check news articles (.txt, .md) with newslint")
    group.addoption("--newslint-config", metavar="FILE", help="newslint config file (default: newslint_config ini key, or the nearest .newslint.yaml)")
    group.addoption("--newslint-no-cache", action="store_true", help="neither read nor write newslint's cache")
    group.addoption("--newslint-default-date", metavar="YYYY-MM-DD", help="the date of articles that give none (newslint's --default-date)")
    parser.addini("newslint_config", "newslint config file, relative to the rootdir", default="")
    parser.addini("newslint_default_date", "the date of articles that give none, YYYY-MM-DD (newslint's --default-date)", default="")
    parser.addini("newslint_fail_level", "lowest severity that fails a newslint item (error, warning, info)", default="warning")


def pytest_configure(config):
    config.addinivalue_line("markers", "newslint: a newslint check of one content file")
    if not config.getoption("newslint"):
        return
    config_file = config.getoption("newslint_config") or config.getini("newslint_config") or None
    if config_file and not os.path.isabs(config_file) and not config.getoption("newslint_config"):
        config_file = str(config.rootpath / config_file)
    try:
        newslint_config = load_config(config_file, start=Path.cwd())
        if config.getoption("newslint_default_date") or config.getini("newslint_default_date"):
            option = "--newslint-default-date" if config.getoption("newslint_default_date") else "newslint_default_date"
            newslint_config.default_date = default_date(
                config.getoption("newslint_default_date") or config.getini("newslint_default_date"), option)
        engine = Engine(
            newslint_config,
            base=Path(config.invocation_params.dir),
            use_cache=not config.getoption("newslint_no_cache"),
            # under xdist each worker is one process of the per-file pass; alone, use every core
            jobs=1 if getattr(config, "workerinput", None) is not None else default_jobs(),
            compare_with_repository=True,
        )
        # xdist's workers write their parts of the cache at once: none may hold its lock for a
        # whole part (a bulk load), or the others' writes wait out SQLite's busy timeout
        engine.sole_writer = getattr(config, "workerinput", None) is None
        if newslint_config.baseline:
            engine.baseline = Baseline.load(newslint_config.root / newslint_config.baseline)
    except (ConfigError, PluginError, BaselineError) as exc:
        raise pytest.UsageError(f"newslint: {exc}") from None
    if config.getini("newslint_fail_level") not in SEVERITY_RANK:
        raise pytest.UsageError("newslint: newslint_fail_level must be one of error, warning, info")
    config.stash[ENGINE_KEY] = engine
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and WORKER_INPUT in workerinput:
        config.stash[RESULTS_FILE_KEY] = workerinput[WORKER_INPUT]
    else:
        folder = tempfile.mkdtemp(prefix="newslint-")
        config.stash[TEMP_DIR_KEY] = folder
        config.stash[RESULTS_FILE_KEY] = os.path.join(folder, "results.json")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: give each worker the one results file of this run."""
    if RESULTS_FILE_KEY in node.config.stash:
        node.workerinput[WORKER_INPUT] = node.config.stash[RESULTS_FILE_KEY]


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """Start the per-file pass on newslint's own listing of the folders and files pytest was
    given, in worker processes, while pytest collects (it takes as long as the check of a
    few thousand articles). As the command does, a cold run over a large folder forks the
    workers before the walk, which hands them its files as it lists them (`Engine.discover`):
    on 10,000 articles they checked their first file 0.1 s sooner than when forked after it.
    Only a serial run: under xdist each worker is one process."""
    engine = session.config.stash.get(ENGINE_KEY, None)
    if engine is None or engine.jobs < 2 or session.config.pluginmanager.has_plugin("dsession"):
        return None  # off, or the xdist controller, which collects nothing and checks nothing
    paths = [path for path in _argument_paths(session.config) if os.path.exists(path)]
    engine.start_workers(paths)
    engine.prefetch(engine.discover(paths))
    return None


def _argument_paths(config) -> list[str]:
    """The files and folders pytest was given (a node id's `::` part dropped)."""
    return [os.path.join(config.invocation_params.dir, arg.split("::")[0]) for arg in config.args]


def pytest_collection_finish(session):
    if ENGINE_KEY in session.config.stash:
        # Every collected node lives to the end of the run; without this each of the garbage
        # collector's full passes walks them all again, while the check and the thousands of
        # items make objects fast, and once more at the interpreter's exit (10,000 articles:
        # 12% of a run). Not undone: the process ends with the session (a program that calls
        # pytest.main() again and again keeps each session's nodes, as many do anyway).
        gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    if ENGINE_KEY in session.config.stash:
        session.config.stash[ENGINE_KEY].stop_prefetch()  # a run with no newslint item
        _index_teardown_reports(session.config)
        # the run's reports live to the end of the process too: the summary's garbage
        # collections (and pytest's own at the end) need not walk them (10,000 articles: 0.4 s)
        gc.freeze()
        thresholds = session.config.stash.get(GC_THRESHOLDS_KEY, None)
        if thresholds is not None:
            gc.set_threshold(*thresholds)


def _index_teardown_reports(config) -> None:
    """Let pytest's failure summary find each failure's teardown report in an index.

    pytest scans every report of the run for each failure it prints (pytest issue #13360):
    with 10,000 items and 400 failing, the summary alone took longer than the check. The
    index gives pytest exactly the reports its own scan would, built once the run is over
    (the summary is printed after this hook). Left alone if pytest changes that code.
    """
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not callable(getattr(reporter, "_get_teardown_reports", None)):
        return
    index: dict[str, list] | None = None

    def teardown_reports(node_id):
        nonlocal index
        if index is None:
            index = {}
            for report in reporter.getreports(""):
                if report.when == "teardown":
                    index.setdefault(str(report.id), []).append(report)
        return index.get(str(node_id), [])

    reporter._get_teardown_reports = teardown_reports


def pytest_unconfigure(config):
    folder = config.stash.get(TEMP_DIR_KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collect_file(file_path: Path, parent):
    engine = parent.config.stash.get(ENGINE_KEY, None)
    if engine is None or not engine.selects(file_path):
        return None
    return NewslintFile.from_parent(parent, path=file_path)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    if ENGINE_KEY not in config.stash:
        return
    items.extend(_items_for_special_files(session, items))
    # remember every collected content file before -k/-m deselect any: cross-article checks
    # compare against all of them. As strings, which the engine's walk gives too: it looks
    # them up in sets of its own strings (a Path hashes by its parts, made anew for each:
    # 0.09 s of a warm run's check of 10,000 articles)
    config.stash[FILES_KEY] = [str(item.path) for item in items if isinstance(item, NewslintItem)]


def _items_for_special_files(session, items) -> list:
    """Items for what pytest's folder walk passes over without a word: a broken symlink, a
    symlink loop, a FIFO or a device named like an article. The command reports them as
    file-errors; so do these items (pytest's ignore options and hooks still apply)."""
    engine: Engine = session.config.stash[ENGINE_KEY]
    config = session.config
    collected = None  # made when the first such entry turns up (rare)
    special = []
    for root in _argument_paths(config):
        if not os.path.isdir(root):
            continue  # a file named on the command line is collected by pytest, whatever it is
        for path in _entries_neither_file_nor_folder(config, root):
            if collected is None:
                collected = {os.path.abspath(item.path) for item in items if isinstance(item, NewslintItem)}
            if os.path.abspath(path) not in collected and engine.selects(path):
                collected.add(os.path.abspath(path))
                special.append(path)
    found = []
    for path in sorted(special):
        node = NewslintFile.from_parent(session, path=Path(os.path.abspath(path)))
        found.extend(node.collect())
    return found


def _entries_neither_file_nor_folder(config, root: str):
    """Walk the folders pytest walks (its ignore hooks decide) and yield the entries that are
    neither a regular file nor a folder (even through their symlinks). The types come from
    the folder listing: no stat for an ordinary file."""
    seen: set[str] = set()
    folders = [root]
    while folders:
        folder = folders.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue  # a symlink back up the tree
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                folder_entry, file_entry = entry.is_dir(), entry.is_file()
            except OSError:  # a symlink loop
                folder_entry = file_entry = False
            if file_entry:
                continue  # most entries: no Path made for them
            path = Path(entry.path)
            if folder_entry:
                if not config.hook.pytest_ignore_collect(collection_path=path, config=config):
                    folders.append(entry.path)
            elif not config.hook.pytest_ignore_collect(collection_path=path, config=config):
                yield path


class FolderHooks:
    """A node whose hooks (`ihook`) are found once per folder. pytest's `Node.ihook` works out
    the conftest files of the node's folder again at every call (a stat, a set difference:
    about 6 µs, and pytest asks four times for an article's file and item together). The
    answer changes only when a plugin (a conftest) is registered, which starts a new
    generation of answers."""

    @property
    def ihook(self):
        by_folder = self.config.stash.get(HOOKS_BY_FOLDER_KEY, None)
        if by_folder is None:
            by_folder = self.config.stash[HOOKS_BY_FOLDER_KEY] = {}
        folder = os.path.dirname(self.path)
        known = by_folder.get(folder)
        if known is not None and known[0] == _registrations[0]:
            return known[1]
        hook = super().ihook
        by_folder[folder] = (_registrations[0], hook)
        return hook


_registrations = [0]  # how many plugins were registered so far, in this process (FolderHooks)


def pytest_plugin_registered(plugin, manager):
    _registrations[0] += 1


class NewslintFile(FolderHooks, pytest.File):
    def collect(self):
        yield NewslintItem.from_parent(self, name="newslint")


# -- collecting a folder's articles without a hook round each ---------------------------------

PYTEST_DIR = getattr(pytest, "Dir", None)  # pytest 8 and later: folders have collectors
FOLDER_COLLECTORS = frozenset({"_pytest.main", "_pytest.python"})  # pytest's own pytest_collect_directory
# the implementations of pytest_ignore_collect that never ignore an article's file unless told
# to (--ignore, --ignore-glob, collect_ignore: those keep pytest's way), and of pytest_collect_file
# that collect nothing from it but newslint (python: .py files; doctest: .py files, its globs,
# and the files named on the command line)
QUICK_IGNORE_MODULES = frozenset({"_pytest.main", "_hypothesis_pytestplugin"})
QUICK_COLLECT_FILE_MODULES = frozenset({"_pytest.python", "_pytest.doctest", __name__})
IGNORED_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})  # as pytest's scandir
IGNORED_WINERRORS = frozenset({21, 1921})  # a drive not ready, a symlink to itself


@pytest.hookimpl(optionalhook=True)  # a hook of pytest 8 and later (pytest 7's older one is left alone)
def pytest_collect_directory(path: Path, parent):
    """A folder that is not a Python package: a NewslintDir, where pytest would make a Dir."""
    if PYTEST_DIR is None or ENGINE_KEY not in parent.config.stash:
        return None
    impls = parent.ihook.pytest_collect_directory.get_hookimpls()  # in the reverse of calling order
    later = next((impls[:index] for index, impl in enumerate(impls) if impl.plugin is _this_module()), impls)
    if any(getattr(impl.function, "__module__", None) not in FOLDER_COLLECTORS for impl in later):
        return None  # a plugin that comes after newslint decides: pytest's way
    try:
        if (path / "__init__.py").is_file():
            return None  # a Python package: pytest's Package
    except PermissionError:
        return None  # pytest's python plugin declines it, and pytest makes a Dir
    return NewslintDir.from_parent(parent, path=path)


def _this_module():
    return sys.modules[__name__]


if PYTEST_DIR is not None:
    class NewslintDir(PYTEST_DIR):  # type: ignore[misc,valid-type]  # pytest.Dir is final for type checkers only
        """pytest's Dir, except that where nothing but newslint could collect an article or
        ignore it (`QuickArticles`), its file is made here, with its name and node id from
        strings, without the pytest_ignore_collect and pytest_collect_file hook rounds of each
        file, and where pytest need not collect that file, its item in its place (10,000
        articles: collection 1.3 s -> 0.54 s of CPU). Every other entry goes pytest's way."""

        def __repr__(self) -> str:
            return f"<Dir {self.name}>"  # as pytest shows a folder (--collect-only)

        def collect(self):
            quick = QuickArticles.of(self)
            if quick is None:
                return super().collect()
            return self._collect_quickly(quick)

        def _collect_quickly(self, quick: QuickArticles):
            # pytest's Dir.collect, but for the articles of `quick.takes`, made first with the
            # garbage collector's thresholds raised: the nodes live to the end of the run, and
            # the full passes that walked them again and again took 0.2 s of collecting 10,000
            # articles (no code of the user's runs meanwhile: it sees its own thresholds). They
            # are frozen out of the collector there and then, as pytest_collection_finish freezes
            # every node: else the next young collection walks them all (a thousand articles'
            # nodes, 21,000 objects), and the one after it again
            entries = _sorted_entries(self.path)
            with fewer_collections():
                articles = {entry.name: self._article(entry, quick) for entry in entries if entry.is_file() and quick.takes(entry)}
                gc.freeze()
            config, session, ihook = self.config, self.session, self.ihook
            for entry in entries:
                if entry.name in articles:
                    yield articles[entry.name]
                elif entry.is_dir():
                    path = Path(entry.path)
                    if not session.isinitpath(path, with_parents=True):
                        if entry.name == "__pycache__":
                            continue  # pytest 8.0 skips it here, later versions in pytest_ignore_collect
                        if ihook.pytest_ignore_collect(collection_path=path, config=config):
                            continue
                    folder = ihook.pytest_collect_directory(path=path, parent=self)
                    if folder is not None:
                        yield folder
                elif entry.is_file():
                    path = Path(entry.path)
                    if not session.isinitpath(path):
                        if ihook.pytest_ignore_collect(collection_path=path, config=config):
                            continue
                    yield from ihook.pytest_collect_file(file_path=path, parent=self)

        def _article(self, entry: os.DirEntry, quick: QuickArticles):
            """The article's file, or its item where pytest need not collect the file."""
            nodeid = quick.prefix + entry.name
            file = NewslintFile.from_parent(self, path=Path(entry.path), name=entry.name, nodeid=nodeid)
            if quick.items and nodeid not in quick.last_failed:
                return NewslintItem.from_parent(file, name="newslint")
            return file


def _sorted_entries(folder: Path) -> list[os.DirEntry]:
    """A folder's entries by name, as pytest's own scandir gives them to its Dir."""
    try:
        listing = os.scandir(folder)
    except FileNotFoundError:
        return []
    entries = []
    with listing:
        for entry in listing:
            try:
                entry.is_file()
            except OSError as exc:
                if exc.errno in IGNORED_ERRNOS or getattr(exc, "winerror", None) in IGNORED_WINERRORS:
                    continue
                raise
            entries.append(entry)
    entries.sort(key=lambda entry: entry.name)
    return entries


class QuickArticles:
    """Which files of one folder newslint collects without pytest's hook round for each: the
    articles newslint selects, when the folder's implementations of pytest_ignore_collect and
    pytest_collect_file are those of QUICK_IGNORE_MODULES and QUICK_COLLECT_FILE_MODULES, and
    no --ignore, --ignore-glob, --pyargs or conftest `collect_ignore` is about; a file named
    on the command line, a `.py` file, one that doctest's globs match or a name with `::`
    goes pytest's way. The node id is the folder's below the rootdir, as pytest makes it.

    `items`: whether the folder may also hand pytest each article's item in place of its
    file, which newslint collects itself: pytest's collection of the file (the hooks of
    QUICK_FILE_REPORT_HOOKS) does nothing for it then but count its item, which the folder's
    report counts instead. Not under --maxfail/-x (a collection error elsewhere stops pytest at
    the next file), nor for a file or folder whose collection failed last time (--lf reads the
    file's report)."""

    def __init__(self, engine: Engine, prefix: str, initial: frozenset[str], doctest_globs: list[str], items: bool,
                 last_failed: frozenset[str], listed: frozenset[str] | None):
        self.engine = engine
        self.prefix = prefix
        self.initial = initial
        self.doctest_globs = doctest_globs
        self.items = items
        self.last_failed = last_failed
        self.listed = listed

    @classmethod
    def of(cls, folder) -> QuickArticles | None:
        config = folder.config
        if any(config.getoption(name, None) for name in ("ignore", "ignore_glob", "pyargs")):
            return None
        ihook = folder.ihook
        if not (_modules_of(ihook.pytest_ignore_collect) <= QUICK_IGNORE_MODULES
                and _modules_of(ihook.pytest_collect_file) <= QUICK_COLLECT_FILE_MODULES):
            return None
        if any(_ignores_paths(plugin) for plugin in config.pluginmanager.get_plugins()):
            return None
        doctest_globs = []
        if "_pytest.doctest" in _modules_of(ihook.pytest_collect_file):
            doctest_globs = config.getoption("doctestglob", None) or ["test*.txt"]
            if any("/" in glob or os.sep in glob for glob in doctest_globs):
                return None  # matched against the whole path
        root, path = str(config.rootpath), str(folder.path)
        below = os.path.join(root, "")
        if path == root:
            prefix = ""
        elif path.startswith(below):
            prefix = path[len(below) :].replace(os.sep, "/") + "/"
        else:
            return None  # outside the rootdir: pytest names it from the argument it came from
        session = folder.session
        last_failed = _last_failed(config)
        items = (not config.getoption("maxfail", 0) and not session.shouldfail and not session.shouldstop
                 and prefix[:-1] not in last_failed
                 and all(_modules_of(getattr(ihook, name)) <= modules for name, modules in QUICK_FILE_REPORT_HOOKS.items()))
        return cls(config.stash[ENGINE_KEY], prefix, _initial_paths(config), doctest_globs, items, last_failed, listing(path))

    def takes(self, entry: os.DirEntry) -> bool:
        name = entry.name
        if name.endswith(".py") or "::" in name or entry.path in self.initial:
            return False
        if any(fnmatch.fnmatch(name, glob) for glob in self.doctest_globs):
            return False
        # the engine's `selects`, the folder's git listing asked once (the path is absolute and
        # normalised: the folder's, which pytest made so, and a name)
        return self.engine.config.selected(entry.path, normalised=True) and (self.listed is None or entry.path in self.listed)


# the implementations of the hooks pytest calls to collect a file (and report it) that do
# nothing for a newslint file but count its item: the session's checks for -x and --maxfail
# (see QuickArticles.items), capture (a newslint file's collection writes nothing), fixtures
# (a folder's conftest fixtures), the terminal (counts), junitxml and pytest-xdist's worker
# (failures only) and --lf's record (a file's failure of last time: see QuickArticles.items)
QUICK_FILE_REPORT_HOOKS = {
    "pytest_collectstart": frozenset({"_pytest.main"}),
    "pytest_make_collect_report": frozenset({"_pytest.runner", "_pytest.capture", "_pytest.fixtures"}),
    "pytest_collectreport": frozenset({"_pytest.main", "_pytest.terminal", "_pytest.junitxml", "_pytest.cacheprovider", "xdist.remote"}),
}


def _last_failed(config) -> frozenset[str]:
    """The node ids of --lf's record, read once a session (none without the cache plugin)."""
    known = config.stash.get(LAST_FAILED_KEY, None)
    if known is None:
        cache = getattr(config, "cache", None)
        known = config.stash[LAST_FAILED_KEY] = frozenset(cache.get("cache/lastfailed", {}) if cache is not None else ())
    return known


def _modules_of(hook_caller) -> set:
    return {getattr(impl.function, "__module__", None) for impl in hook_caller.get_hookimpls()}


def _ignores_paths(plugin) -> bool:
    """A conftest module with `collect_ignore` or `collect_ignore_glob` (read by pytest's own
    pytest_ignore_collect)."""
    return (os.path.basename(getattr(plugin, "__file__", None) or "") == "conftest.py"
            and (hasattr(plugin, "collect_ignore") or hasattr(plugin, "collect_ignore_glob")))


def _initial_paths(config) -> frozenset[str]:
    known = config.stash.get(INITIAL_PATHS_KEY, None)
    if known is None:
        known = config.stash[INITIAL_PATHS_KEY] = frozenset(os.path.abspath(path) for path in _argument_paths(config))
    return known


class NewslintFindings(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(findings)
        self.findings = findings


NEWSLINT_MARK = pytest.mark.newslint  # made once: add_marker("newslint") looks the name up for every item


class NewslintItem(FolderHooks, pytest.Item):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_marker(NEWSLINT_MARK)

    def runtest(self):
        findings = session_findings(self.config).get(os.path.abspath(self.path), [])
        threshold = SEVERITY_RANK[self.config.getini("newslint_fail_level")]
        failing = [f for f in findings if SEVERITY_RANK[f.severity] >= threshold]
        if failing:
            raise NewslintFindings(findings)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, NewslintFindings):
            return "\n".join(finding.to_text() for finding in excinfo.value.findings)
        return super().repr_failure(excinfo)

    @functools.cached_property
    def _below_rootdir(self) -> str | None:
        """The item's path below the rootdir, with `/` (None outside the rootdir)."""
        root, path = str(self.config.rootpath), str(self.path)
        prefix = os.path.join(root, "")
        return path[len(prefix) :].replace(os.sep, "/") if path.startswith(prefix) else None

    @functools.cached_property
    def _shown(self) -> str:
        # the path below the rootdir, not the name: a Hugo site has an index.md in every page
        # bundle, and a failure header must say which one
        below = self._below_rootdir
        return below if below is not None else str(self.path).replace(os.sep, "/")

    def reportinfo(self):
        return self.path, None, f"newslint: {self._shown}"

    @functools.cached_property
    def location(self) -> tuple[str, int | None, str]:
        # pytest's works out the best relative form of each item's path (slowly, and every
        # path here is another); below the rootdir it is the path after the rootdir
        below = self._below_rootdir
        if below is not None:
            return below.replace("/", os.sep), None, f"newslint: {self._shown}"
        return super().location


# -- the lean protocol ----------------------------------------------------------------------

# The modules whose pytest_runtest_setup/call/teardown and pytest_runtest_makereport do nothing
# for a NewslintItem that carries no marker but `newslint` and, its check done, prints, logs and
# warns nothing: the runner (fixtures and setup state: a newslint item has none, nor have the
# folders above it; its report is built here as the runner builds it; PYTEST_CURRENT_TEST and
# sys.last_* serve the item's own code and post-mortem debugging), skipping (markers),
# capture and logging (what the item writes), thread and unraisable exceptions (reported at
# the next phase or at the end), unittest and nose (their own items), tmpdir (the outcomes a
# tmp_path fixture reads: a newslint item has none) and hypothesis's plugin (its own tests).
# Any other implementation (a conftest, another plugin) keeps pytest's protocol for every item.
INERT_HOOK_MODULES = frozenset({
    "_pytest.runner", "_pytest.skipping", "_pytest.capture", "_pytest.logging", "_pytest.threadexception",
    "_pytest.unraisableexception", "_pytest.unittest", "_pytest.nose", "_pytest.tmpdir", "_hypothesis_pytestplugin",
})
SKIPPED_HOOKS = ("pytest_runtest_setup", "pytest_runtest_call", "pytest_runtest_teardown", "pytest_runtest_makereport")
RERAISED = (pytest.exit.Exception, KeyboardInterrupt)  # as pytest's runner, without --pdb


def pytest_runtest_protocol(item, nextitem):
    """Run a newslint item without the hooks of SKIPPED_HOOKS where they would do nothing for
    it (`_may_run_lean`): the reports pytest's runner would make, logged through the same
    hooks (the terminal, junitxml, --lf, -x and pytest-xdist see no difference). Those hooks
    were half of a newslint item's cost, and most of the rest went to building each report
    through pytest_runtest_makereport's wrappers. Not tryfirst: a plugin registered after
    newslint (a conftest) that runs items its own way still comes first; pytest's runner,
    registered before, comes after."""
    if not isinstance(item, NewslintItem) or FINDINGS_KEY not in item.config.stash or not _may_run_lean(item.session):
        return None  # the first item runs the check, under pytest's own protocol (capture, logging, warnings)
    _run_lean(item)
    return True


def _run_lean(item) -> None:
    ihook, nodeid, location = item.ihook, item.nodeid, item.location
    ihook.pytest_runtest_logstart(nodeid=nodeid, location=location)
    keywords = dict.fromkeys(item.keywords, 1)
    ihook.pytest_runtest_logreport(report=_passed(item, keywords, "setup", *_time_nothing()))
    call = pytest.CallInfo.from_call(item.runtest, when="call", reraise=RERAISED)
    if call.excinfo is None:
        ihook.pytest_runtest_logreport(report=_passed(item, keywords, "call", call.start, call.stop, call.duration))
    else:  # the findings (or a failure of newslint itself), as pytest's runner reports them
        report = pytest.TestReport.from_item_and_call(item, call)
        ihook.pytest_runtest_logreport(report=report)
        ihook.pytest_exception_interact(node=item, call=call, report=report)
    ihook.pytest_runtest_logreport(report=_passed(item, keywords, "teardown", *_time_nothing()))
    ihook.pytest_runtest_logfinish(nodeid=nodeid, location=location)


# what pytest's runner gives a report as the item's node id (TestReport.from_item_and_call):
# from pytest 9.2 its structured form, which the report keeps (from a string it parses one)
REPORT_NODE_ID = "id" if isinstance(getattr(pytest.Item, "id", None), property) else "nodeid"


def _passed(item, keywords: dict, when: str, start: float, stop: float, duration: float):
    """The report pytest's runner makes of a phase that passed."""
    return pytest.TestReport(nodeid=getattr(item, REPORT_NODE_ID), location=item.location, keywords=dict(keywords),
                             outcome="passed", longrepr=None, when=when, sections=[], duration=duration, start=start,
                             stop=stop, user_properties=item.user_properties)


def _time_nothing() -> tuple[float, float, float]:
    """The start, stop and duration of a newslint item's setup or teardown, which do nothing:
    taken as CallInfo.from_call takes them, without the CallInfo and its timing objects
    (0.24 µs rather than 2.2 µs)."""
    start, began = time.time(), time.perf_counter()
    return start, time.time(), time.perf_counter() - began


# The modules whose pytest_runtest_protocol implementations do nothing for a lean item: its
# runner (`_run_lean` is its protocol), warnings (a lean item warns nothing and carries no
# filterwarnings marker), assertion (newslint's code asserts nothing), faulthandler (without a
# faulthandler_timeout) and unittest (its own items).
LOOP_INERT_PROTOCOL_MODULES = frozenset({"_pytest.runner", "_pytest.warnings", "_pytest.assertion", "_pytest.faulthandler",
                                         "_pytest.unittest", __name__})


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """pytest's run loop, for a session whose items run lean (`_may_run_lean`) and whose
    pytest_runtest_protocol implementations are those of LOOP_INERT_PROTOCOL_MODULES: the
    items after the first are run by `_run_lean` without the protocol's hook round, whose
    wrappers only set things up and put them back around each item (10,000 articles: about
    0.15 s of CPU). Any other session, or another plugin's loop (pytest-xdist's), is pytest's."""
    if not _loop_may_be_lean(session):
        return None
    items = session.items
    terminal_paths = None
    try:
        for index, item in enumerate(items):
            if index > 0 and FINDINGS_KEY in session.config.stash and _may_run_lean(session):
                if terminal_paths is None:
                    terminal_paths = TerminalPaths.install(session.config)
                terminal_paths.item = item
                _run_lean(item)
            else:  # the first item runs the check, under pytest's own protocol
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=items[index + 1] if index + 1 < len(items) else None)
            if session.shouldfail:
                raise session.Failed(session.shouldfail)
            if session.shouldstop:
                raise session.Interrupted(session.shouldstop)
    finally:
        if terminal_paths is not None:
            terminal_paths.uninstall()
    return True


# pytest's TerminalReporter.write_fspath_result, as pytest 7 to 9 write it (they differ in how
# they take the path out of the node id); TerminalPaths stands in for it only where pytest's is one of these
WRITE_FSPATH_RESULT = """\
def write_fspath_result(self, nodeid: str, res{annotation}, **markup: bool) -> None:
    fspath = self.config.rootpath / {path_of_nodeid}
    if self.currentfspath is None or fspath != self.currentfspath:
        if self.currentfspath is not None and self._show_progress_info:
            self._write_progress_information_filling_space()
        self.currentfspath = fspath
        relfspath = bestrelpath(self.startpath, fspath)
        self._tw.line()
        self._tw.write(relfspath + " ")
    self._tw.write(res, flush=True, **markup)
"""
KNOWN_WRITE_FSPATH_RESULTS = frozenset(
    WRITE_FSPATH_RESULT.format(annotation=annotation, path_of_nodeid=path_of_nodeid)
    for annotation in ("", ": str")
    for path_of_nodeid in ('nodeid.split("::")[0]', 'nodeid.split("::", maxsplit=1)[0]', "NodeId.parse(nodeid).path"))


class TerminalPaths:
    """The terminal reporter's `write_fspath_result` for the lean items of newslint's run loop:
    what pytest's writes (the line of each file, its path from the folder pytest started in),
    with the path worked out from the item's own path and its folder's, once per folder.
    pytest's works out each file's path again, from its node id, through pathlib (a Path, a
    common path and two relative ones): about a quarter of a lean item's whole cost. Any
    other call, and any item not below the rootdir, goes to pytest's. Installed only where
    pytest's method is one of KNOWN_WRITE_FSPATH_RESULTS.

    While it is installed the terminal's width is the width it had when the loop began, as
    pytest's own `_screen_width` is the width at the session's start: pytest asked the
    terminal for its size at every file (an ioctl and, off a terminal, an OSError it catches),
    for the progress at the line's end (10,000 articles: 0.06 s of the loop's 0.75 s)."""

    def __init__(self, reporter=None):
        self.reporter = reporter
        self.item = None  # the lean item being run
        self.width_fixed = None  # the reporter's TerminalWriter, whose width `install` fixed
        self.folders: dict[str, str] = {}  # a folder -> its path from the start folder, as pytest's bestrelpath gives it, and a separator
        if reporter is not None:
            self.pytests = reporter.write_fspath_result
            self.bestrelpath = type(reporter).write_fspath_result.__globals__["bestrelpath"]

    @classmethod
    def install(cls, config) -> TerminalPaths:
        """Stand in for the reporter's method (and a TerminalPaths that does nothing where it cannot)."""
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None or "write_fspath_result" in vars(reporter) or not _known_write_fspath_result(type(reporter)):
            return cls()
        paths = cls(reporter)
        reporter.write_fspath_result = paths.write_fspath_result
        writer = reporter._tw
        if getattr(writer, "_terminal_width", 0) is None and isinstance(getattr(type(writer), "fullwidth", None), property):
            writer.fullwidth = writer.fullwidth  # the width now, kept by the writer until `uninstall`
            paths.width_fixed = writer
        return paths

    def uninstall(self) -> None:
        if self.reporter is not None:
            del self.reporter.write_fspath_result
        if self.width_fixed is not None:
            self.width_fixed._terminal_width = None  # asked of the terminal again, as before

    def write_fspath_result(self, nodeid: str, res: str, **markup: bool) -> None:
        item = self.item
        if item is None or nodeid != item.nodeid or nodeid.split("::", 1)[0] != item._below_rootdir:
            return self.pytests(nodeid, res, **markup)
        reporter = self.reporter
        fspath = item.path  # the rootdir's path / the node id's path: the same Path
        if reporter.currentfspath is None or fspath != reporter.currentfspath:
            if reporter.currentfspath is not None and reporter._show_progress_info:
                reporter._write_progress_information_filling_space()
            reporter.currentfspath = fspath
            reporter._tw.line()
            reporter._tw.write(self._relative(str(fspath)) + " ")
        reporter._tw.write(res, flush=True, **markup)
        return None

    def _relative(self, path: str) -> str:
        """pytest's bestrelpath(startpath, path) for a file: its folder's, then its name (a
        file is never the start folder, nor holds it)."""
        folder, name = os.path.split(path)
        shown = self.folders.get(folder)
        if shown is None:
            relative = self.bestrelpath(self.reporter.startpath, Path(folder))
            shown = self.folders[folder] = "" if relative == os.curdir else os.path.join(relative, "")
        return shown + name


@functools.lru_cache(maxsize=None)
def _known_write_fspath_result(reporter_class) -> bool:
    try:
        source = inspect.getsource(reporter_class.write_fspath_result)
    except (OSError, TypeError):
        return False
    return textwrap.dedent(source) in KNOWN_WRITE_FSPATH_RESULTS


def _loop_may_be_lean(session) -> bool:
    config = session.config
    if ENGINE_KEY not in config.stash or session.testsfailed or config.option.collectonly or not session.items:
        return False  # pytest's loop: nothing to run, or the collection errors it reports
    loops = [impl for impl in config.hook.pytest_runtestloop.get_hookimpls()
             if not (getattr(impl, "wrapper", False) or getattr(impl, "hookwrapper", False))]
    if any(getattr(impl.function, "__module__", None) not in ("_pytest.main", __name__) for impl in loops):
        return False
    try:
        timeout = float(config.getini("faulthandler_timeout") or 0.0)
    except ValueError:  # no faulthandler plugin
        timeout = 0.0
    return timeout == 0.0 and _modules_of(config.hook.pytest_runtest_protocol) <= LOOP_INERT_PROTOCOL_MODULES


def _may_run_lean(session) -> bool:
    """Whether every item of the session is a newslint item the lean protocol runs as pytest's
    would: no marker but `newslint`, only plain folders above it (a Python package's
    `__init__.py` has a setup of its own), no option that shows or debugs the phases, and no
    implementation of SKIPPED_HOOKS outside INERT_HOOK_MODULES. All or nothing: pytest's setup state
    stays right only when no item runs pytest's protocol after a lean one. Decided once."""
    config = session.config
    lean = config.stash.get(LEAN_KEY, None)
    if lean is None:
        lean = (not any(config.getoption(name, False) for name in ("usepdb", "trace", "setupshow", "setuponly", "setupplan"))
                and all(_inert(config.hook, name) for name in SKIPPED_HOOKS)
                and _plain_items(session.items))
        config.stash[LEAN_KEY] = lean
        if lean:
            # no test of the user's runs now (the thresholds are theirs again at the end): the
            # items' reports, kept by pytest to the end, need not be walked again and again
            config.stash[GC_THRESHOLDS_KEY] = gc.get_threshold()
            gc.set_threshold(*FEWER_COLLECTIONS)
    return lean


def _inert(hook, name: str) -> bool:
    return all(getattr(impl.function, "__module__", None) in INERT_HOOK_MODULES for impl in getattr(hook, name).get_hookimpls())


PLAIN_FOLDERS = tuple(kind for kind in (pytest.Session, PYTEST_DIR, globals().get("NewslintDir")) if kind is not None)


def _plain_items(items) -> bool:
    seen: set[int] = set()
    for item in items:
        if type(item) is not NewslintItem or any(mark.name != "newslint" for mark in item.iter_markers()):
            return False
        node = item.parent
        while node is not None and id(node) not in seen:
            if type(node) is not NewslintFile and type(node) not in PLAIN_FOLDERS:
                return False
            seen.add(id(node))
            node = node.parent
    return True


def session_findings(config) -> dict[str, list[Finding]]:
    """{absolute path: findings}, computed once per run.

    Under pytest-xdist the per-file pass is shared out: the collected files (the same list in
    every worker) are cut into one part per worker, and each worker computes its own part first
    (under that part's lock), then any part nobody has computed yet, so no part is computed
    twice and a worker that received no item cannot hold the others up. The corpus-wide pass
    then runs once, under the results lock, in whichever worker gets there first.
    """
    cached = config.stash.get(FINDINGS_KEY, None)
    if cached is not None:
        return cached
    with fewer_collections():
        return _session_findings(config)


def _session_findings(config) -> dict[str, list[Finding]]:
    if getattr(config, "workerinput", None) is None:
        # one process: nothing to share out, and no files to pass the results through
        engine: Engine = config.stash[ENGINE_KEY]
        results = engine.results_for(config.stash.get(FILES_KEY, []))
        engine.stop_prefetch()
        config.stash[FINDINGS_KEY] = _finish(config, results)
        return config.stash[FINDINGS_KEY]
    results_file = config.stash[RESULTS_FILE_KEY]
    # with xdist over several hosts the controller's folder may not exist here: each host then
    # computes the results once
    os.makedirs(os.path.dirname(results_file), exist_ok=True)
    workerinput = getattr(config, "workerinput", None) or {}
    parts = max(1, int(workerinput.get("workercount", 1)))
    mine = int(str(workerinput.get("workerid", "gw0")).lstrip("gw") or 0) % parts
    with _locked(results_file + ".lock"):
        done = os.path.exists(results_file)
    if not done:
        for part in [mine] + [p for p in range(parts) if p != mine]:
            _compute_part(config, results_file, part, parts)
    with _locked(results_file + ".lock"):
        if os.path.exists(results_file):
            with open(results_file, encoding="utf-8") as handle:
                data = json.load(handle)
        else:
            found = _finish(config, _read_parts(results_file, parts))
            data = {path: [finding.to_json() for finding in items] for path, items in found.items()}
            _write_json(results_file, data)
    findings = {path: [Finding.from_json(item) for item in items] for path, items in data.items()}
    config.stash[FINDINGS_KEY] = findings
    return findings


def _part_file(results_file: str, part: int) -> str:
    return f"{results_file}.part{part}"


def _compute_part(config, results_file: str, part: int, parts: int) -> None:
    """The per-file results of every `parts`-th collected file, from `part` on."""
    target = _part_file(results_file, part)
    with _locked(target + ".lock"):
        if os.path.exists(target):
            return
        engine: Engine = config.stash[ENGINE_KEY]
        files = config.stash.get(FILES_KEY, [])[part::parts]
        results = engine.results_for(files)
        engine.stop_prefetch()
        engine.load_summaries(results)  # the part file carries them to the corpus pass
        if engine.cache is not None:
            engine.cache.flush()
        _write_json(target, [result.to_record() for result in results])


def _read_parts(results_file: str, parts: int) -> list[FileResult]:
    results = []
    for part in range(parts):
        with open(_part_file(results_file, part), encoding="utf-8") as handle:
            results.extend(FileResult.from_record(record) for record in json.load(handle))
    return results


def _finish(config, results: list[FileResult]) -> dict[str, list[Finding]]:
    """The corpus-wide pass over the per-file results: {absolute path: [finding]}."""
    engine: Engine = config.stash[ENGINE_KEY]
    files = config.stash.get(FILES_KEY, [])
    reference = engine.reference_results(files) if engine.compare_with_repository else []
    report: Report = engine.finish(results, reference)
    if engine.cache is not None:
        engine.cache.flush()
    settings = engine.config.base_settings().get("title-role")
    if settings is not None and settings.enabled:
        from .rules.title_role import registry_note

        note = registry_note(report.latest_date, settings.options)
        if note:
            config.stash[NOTE_KEY] = note
    absolute = {r.path: r.config_path for r in results}
    found: dict[str, list[Finding]] = {}
    for finding in report.findings:
        found.setdefault(absolute.get(finding.path, os.path.abspath(finding.path)), []).append(finding)
    return found


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The run's note, once (a note is not a finding: it fails nothing). Under pytest-xdist the
    corpus pass runs in a worker, whose note is not shown here."""
    note = config.stash.get(NOTE_KEY, None)
    if note:
        terminalreporter.write_line(f"newslint: note: {note}")


def _write_json(target: str, data) -> None:
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(temporary, target)


class _locked:
    """An exclusive lock on a file, held for the `with` block (no lock where fcntl is missing)."""

    def __init__(self, path: str):
        self.path = path
        self.handle = None

    def __enter__(self):
        if fcntl is not None:
            self.handle = open(self.path, "a+")
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
        return False
