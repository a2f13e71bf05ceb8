"""`newslint server`: the Language Server Protocol over standard input and output (pygls 2).

An editor starts `newslint server` and gets, for each article the config includes:

- diagnostics on open, on change (debounced) and on save, the findings the `newslint` command
  reports for the same text (same rules, messages and positions; LSP positions are 0-based and
  count UTF-16 code units unless the client negotiated another encoding);
- then, from a background thread, the same list with the copies between articles added: the
  open (maybe unsaved) text compared with the saved articles of its repository, from the cache;
- code actions: each fix `--fix` would make, "fix all", and a suppression in a form the file
  allows (an HTML comment in Markdown, a `newslint:` key in front matter);
- the config of each workspace folder, found as the command finds it (walking up from the
  folder) and read again when `.newslint.yaml` or `pyproject.toml` changes; a config error is a
  message and a diagnostic on the config file, never a crash.

Only cli.py imports this module (`newslint server`); `python -m pytest_newslint.server` works too.
It uses the engine only through its public methods, as cli.py and api.py do.
"""
from __future__ import annotations

import argparse
import asyncio
import bisect
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from . import __version__
from .pipeline.baseline import Baseline, BaselineError
from .config import CONFIG_NAMES, Config, ConfigError, find_config_file, load_config
from .document import LINE_BREAK, FileError, parse
from .engine import Engine
from .finding import BUILT_IN_FINDINGS, Finding
from .fix import fix_bytes
from .plugins import PluginError

log = logging.getLogger("newslint.server")

SOURCE = "newslint"
DEBOUNCE_SECONDS = 0.3
CONFIG_FILE_NAMES = (*CONFIG_NAMES, "pyproject.toml")
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}

# -- positions -------------------------------------------------------------------------------
class Positions:
    """Converts newslint's 1-based (line, column in characters) and character offsets into LSP
    positions over the editor's text: 0-based lines, columns in the negotiated code units."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.bom = 1 if text.startswith("\ufeff") else 0  # newslint's text has no BOM
        self.starts = [0]
        self.starts += [m.end() for m in LINE_BREAK.finditer(text)]
        self.ends = [m.start() for m in LINE_BREAK.finditer(text)] + [len(text)]
        self.encoding = encoding

    def line_text(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def _units(self, chars: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, line: int, column: int) -> types.Position:
        """LSP position of newslint's 1-based (line, column)."""
        index = min(max(line, 1), len(self.starts)) - 1
        text = self.line_text(index)
        chars = max(column, 1) - 1 + (self.bom if index == 0 else 0)
        return types.Position(line=index, character=self._units(text[: min(chars, len(text))]))

    def end_of_line(self, line: int) -> types.Position:
        index = min(max(line, 1), len(self.starts)) - 1
        return types.Position(line=index, character=self._units(self.line_text(index)))

    def at_offset(self, offset: int) -> types.Position:
        """LSP position of a character offset into newslint's text (Fix.start, Fix.end)."""
        offset = min(max(offset + self.bom, 0), len(self.text))
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        chars = min(offset, self.ends[index]) - start
        return types.Position(line=index, character=self._units(self.text[start : start + chars]))

    def range_of(self, finding: Finding) -> types.Range:
        start = self.position(finding.line, finding.column)
        end_line = finding.end_line or finding.line
        if end_line > finding.line and (finding.end_column or 1) <= 1:
            end = self.end_of_line(end_line)  # whole lines (a copy between articles)
        elif finding.end_line:
            end = self.position(end_line, finding.end_column or finding.column)
        else:
            end = start
        if (end.line, end.character) <= (start.line, start.character):
            end = self.end_of_line(finding.line)  # a zero-width range is hard to see
        return types.Range(start=start, end=end)

    def whole(self) -> types.Range:
        return types.Range(start=types.Position(0, 0), end=self.end_of_line(len(self.starts)))


# -- projects (one config per workspace folder) ----------------------------------------------
@dataclass
class Project:
    folder: Path
    config: Config | None = None
    error: str | None = None
    config_file: Path | None = None
    baseline: Baseline | None = None
    engine: Engine | None = None  # the per-file engine (no cache: the text is in memory)

    @classmethod
    def load(cls, folder: Path) -> "Project":
        project = cls(folder)
        try:
            project.config_file = find_config_file(folder)
            project.config = load_config(start=folder)
            if project.config.baseline:
                try:
                    project.baseline = Baseline.load(project.config.root / project.config.baseline)
                except BaselineError as exc:
                    raise ConfigError(str(exc)) from None
            project.engine = Engine(project.config, base=folder)
            project.engine.baseline = project.baseline
        except (ConfigError, PluginError) as exc:
            project.config, project.engine, project.error = None, None, str(exc)
        except Exception as exc:  # a broken plugin or a bug: reported, never a crash
            project.config, project.engine, project.error = None, None, f"cannot load the configuration: {exc!r}"
        return project

    def has_corpus_rules(self) -> bool:
        engine = self.engine
        return engine is not None and any(
            engine.known_rules[rule_id].finalize
            for rule_id, settings in self.config.base_settings().items()
            if settings.enabled and rule_id in engine.known_rules
        )


@dataclass
class Checked:
    """The last per-file check of an open document."""

    version: int | None
    text: str
    findings: list[Finding]
    project: Project
    path: str
    document: object = None
    all_findings: list[Finding] | None = None  # with the cross-article findings, once known
    generation: int = 0


# -- the server ------------------------------------------------------------------------------
class NewslintServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE_SECONDS):
        super().__init__("newslint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.projects: dict[str, Project] = {}
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.generation: dict[str, int] = {}
        self.config_error_uris: set[str] = set()
        self.shown_errors: set[str] = set()
        self.corpus_pool = ThreadPoolExecutor(1, thread_name_prefix="newslint-corpus")
        self.shutdown_requested = False
        self.lock = threading.Lock()

    # -- helpers ---------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        try:
            return self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        except Exception:
            return types.PositionEncodingKind.Utf16

    def folder_for(self, path: str) -> Path:
        """The workspace folder holding a file (the deepest), else the file's own folder."""
        best = None
        try:
            folders = [f.uri for f in self.workspace.folders.values()]
            if not folders and self.workspace.root_uri:
                folders = [self.workspace.root_uri]
        except Exception:
            folders = []
        for uri in folders:
            folder = to_fs_path(uri)
            if folder and (path == folder or path.startswith(os.path.join(folder, ""))):
                if best is None or len(folder) > len(best):
                    best = folder
        return Path(best or os.path.dirname(path))

    def project_for(self, path: str) -> Project:
        folder = self.folder_for(path)
        key = str(folder)
        with self.lock:
            project = self.projects.get(key)
            if project is None:
                project = self.projects[key] = Project.load(folder)
                self.report_config(project)
        return project

    def report_config(self, project: Project) -> None:
        if project.error is None:
            return
        if project.error not in self.shown_errors:
            self.shown_errors.add(project.error)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"newslint: {project.error}"))
        target = project.config_file
        if target is not None:
            uri = from_fs_path(str(target))
            self.config_error_uris.add(uri)
            diagnostic = types.Diagnostic(
                range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                message=project.error, severity=types.DiagnosticSeverity.Error, source=SOURCE, code="config-error",
            )
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic]))

    def reload_configs(self) -> None:
        with self.lock:
            self.projects.clear()
            self.shown_errors.clear()
            stale, self.config_error_uris = self.config_error_uris, set()
        for uri in stale:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay=0)

    def publish(self, uri: str, version: int | None, findings: list[Finding], text: str, project: Project | None) -> None:
        positions = Positions(text, self.encoding)
        diagnostics = [self.diagnostic(f, positions, uri, project) for f in findings]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def diagnostic(self, finding: Finding, positions: Positions, uri: str, project: Project | None) -> types.Diagnostic:
        docs_url = os.environ.get("NEWSLINT_DOCS_URL")
        return types.Diagnostic(
            range=positions.range_of(finding),
            message=finding.message,
            severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
            code=finding.rule,
            code_description=types.CodeDescription(href=f"{docs_url.rstrip('/')}/rules/{finding.rule}.md") if docs_url else None,
            source=SOURCE,
            related_information=self.related(finding, positions, uri, project) or None,
        )

    def related(self, finding: Finding, positions: Positions, uri: str, project: Project | None):
        """The other copy or the other mention, as the rule recorded it (Finding.related)."""
        found = []
        for place in finding.related:
            if place.path is None:
                end = positions.position(place.end_line, place.end_column) if place.end_column else positions.end_of_line(place.end_line)
                where, target = types.Range(start=positions.position(place.line, place.column), end=end), uri
            elif project is not None:
                # another article: its text is not at hand, so whole lines (LSP counts from 0)
                path = os.path.normpath(os.path.join(project.folder, place.path))
                where = types.Range(start=types.Position(place.line - 1, 0), end=types.Position(place.end_line, 0))
                target = from_fs_path(path)
            else:
                continue
            found.append(types.DiagnosticRelatedInformation(types.Location(target, where), place.message or "related"))
        return found

    # -- checking ---------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check a document after `delay` seconds (the debounce), dropping a check not yet started."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None and not waiting.done():
            waiting.cancel()
        self.generation[uri] = self.generation.get(uri, 0) + 1
        self.pending[uri] = asyncio.ensure_future(self.lint_later(uri, self.debounce if delay is None else delay, self.generation[uri]))

    async def lint_later(self, uri: str, delay: float, generation: int) -> None:
        if delay:
            await asyncio.sleep(delay)
        log.debug("debounce over for %s", uri)
        try:
            self.lint(uri, generation)
        except Exception as exc:  # one document's failure never stops the server
            log.exception("checking %s failed", uri)
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"newslint: checking {uri} failed: {exc!r}"))
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                self.pending.pop(uri, None)

    def lint(self, uri: str, generation: int) -> None:
        if not uri.startswith("file:"):
            return  # an unsaved, untitled buffer: no path for the config's globs
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        path = to_fs_path(uri)
        if os.path.basename(path) in CONFIG_FILE_NAMES:
            return
        project = self.project_for(path)
        if project.engine is None:
            self.checked.pop(uri, None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[]))
            return
        if not project.config.selected(path):
            self.checked.pop(uri, None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[]))
            return
        engine = project.engine
        shown = engine.display(Path(path))
        raw = text.encode("utf-8", "surrogatepass")
        result = engine.check_document_bytes(raw, shown, path, "utf-8")  # the editor's text, re-encoded
        findings = engine.finish([result]).findings
        self.checked[uri] = Checked(version, text, findings, project, path, generation=generation)
        self.publish(uri, version, findings, text, project)
        if project.has_corpus_rules() and project.engine.project_root() is not None:
            future = asyncio.get_running_loop().run_in_executor(self.corpus_pool, corpus_findings, project, result, path)
            future.add_done_callback(lambda done: self.corpus_done(done, uri, version, text, project, generation, findings))

    def corpus_done(self, done, uri, version, text, project, generation, per_file) -> None:
        if done.cancelled() or self.generation.get(uri) != generation or uri not in self.workspace.text_documents:
            return  # the text changed meanwhile: a newer check is on its way
        exc = done.exception()
        if exc is not None:
            log.error("comparing %s with the repository failed: %r", uri, exc)
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"newslint: comparing {uri} with the repository failed: {exc!r}"))
            return
        findings = done.result()
        checked = self.checked.get(uri)
        if checked is not None and checked.generation == generation:
            checked.all_findings = findings
        if findings != per_file:
            self.publish(uri, version, findings, text, project)

    def findings_for(self, uri: str) -> Checked | None:
        """The last check of the document when it is of its current text, else a new one."""
        document = self.workspace.get_text_document(uri)
        checked = self.checked.get(uri)
        if checked is not None and checked.text == document.source:
            return checked
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        project = self.project_for(path)
        if project.engine is None or not project.config.selected(path):
            return None
        engine = project.engine
        raw = document.source.encode("utf-8", "surrogatepass")
        result = engine.check_document_bytes(raw, engine.display(Path(path)), path, "utf-8")
        return Checked(document.version, document.source, engine.finish([result]).findings, project, path)

    # -- code actions ----------------------------------------------------------------------
    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = self.findings_for(uri)
        if checked is None:
            return []
        text = checked.text
        positions = Positions(text, self.encoding)
        wanted = params.context.only
        findings = checked.all_findings if checked.all_findings is not None else checked.findings
        actions: list[types.CodeAction] = []
        first, last = params.range.start.line + 1, params.range.end.line + 1
        try:
            document = parse(checked.path, text.encode("utf-8", "surrogatepass"))
        except FileError:
            document = None
        for finding in findings:
            if not (finding.line <= last and first <= max(finding.end_line, finding.line)):
                continue
            diagnostic = self.diagnostic(finding, positions, uri, checked.project)
            if finding.fix is not None:
                fix = finding.fix
                edit = types.TextEdit(range=types.Range(positions.at_offset(fix.start), positions.at_offset(fix.end)), new_text=fix.replacement)
                actions.append(types.CodeAction(
                    title=f"Fix: {fix_title(finding)}", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    is_preferred=True, edit=types.WorkspaceEdit(changes={uri: [edit]}),
                ))
            if document is not None and finding.rule not in BUILT_IN_FINDINGS:
                for title, edits in suppression_edits(document, finding, positions):
                    actions.append(types.CodeAction(
                        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    ))
        if any(f.fix is not None for f in findings):
            fixed = fix_bytes(checked.project.engine, text.encode("utf-8", "surrogatepass"), checked.project.engine.display(Path(checked.path)), checked.path, "utf-8")
            if fixed.error is None and fixed.fixed != fixed.original:
                new_text = ("\ufeff" if text.startswith("\ufeff") else "") + fixed.fixed.decode("utf-8-sig", "surrogatepass")
                edit = minimal_edit(text, new_text, positions)
                actions.append(types.CodeAction(
                    title="Fix all newslint findings that --fix fixes", kind=types.CodeActionKind.SourceFixAll + ".newslint",
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                ))
        if wanted:
            actions = [a for a in actions if any(a.kind == kind or a.kind.startswith(kind + ".") for kind in wanted)]
        return actions


def corpus_findings(project: Project, result, path: str) -> list[Finding]:
    """The per-file result compared with the saved articles of its repository (runs in the
    corpus thread: its own engine, so its own cache connection and a fresh listing)."""
    engine = Engine(project.config, base=project.folder, use_cache=True, compare_with_repository=True)
    engine.baseline = project.baseline
    reference = engine.reference_results([Path(path)])
    report = engine.finish([result], reference)
    if engine.cache is not None:
        engine.cache.flush()
    return report.findings


def fix_title(finding: Finding) -> str:
    if finding.rule == "trailing-padding":
        return "remove the trailing blank lines"
    if finding.rule == "hashtag-stuffing":
        return "remove the hashtag line"
    if finding.rule == "repeated-block":
        return "remove the repeated copy"
    return f"{finding.rule}"


def suppression_edits(document, finding: Finding, positions: Positions):
    """(title, TextEdit) for each suppression the file's format allows."""
    rule = finding.rule
    newline = document.newline
    in_front_matter = document.front_matter_end_line and finding.line <= document.front_matter_end_line
    if document.is_markdown and not in_front_matter:
        line = min(finding.line, len(document.lines))
        at = positions.position(line, 1)
        text_line = document.lines[line - 1]
        if text_line.strip():
            # a finding is silenced when the line it starts on is covered
            indent = text_line[: len(text_line) - len(text_line.lstrip(" \t"))]
            comment = f"{indent}<!-- newslint: disable-next-line={rule} -->{newline}"
            yield f"Suppress {rule} on this line (comment)", [types.TextEdit(range=types.Range(at, at), new_text=comment)]
        else:  # it starts on a blank line (padding): off from here, on again after it
            edits = [types.TextEdit(range=types.Range(at, at), new_text=f"<!-- newslint: disable={rule} -->{newline}")]
            end_line = max(finding.end_line, finding.line)
            if end_line < len(document.lines):
                after = positions.position(end_line + 1, 1)
                edits.append(types.TextEdit(range=types.Range(after, after), new_text=f"<!-- newslint: enable={rule} -->{newline}"))
            yield f"Suppress {rule} here (comment)", edits
    # the edit writes YAML: a TOML or JSON front matter would be broken by it
    if document.front_matter is not None and document.front_matter_end_line and document.front_matter_format == "yaml":
        edit = front_matter_edit(document, rule, positions)
        if edit is not None:
            yield f"Suppress {rule} in this file (front matter)", [edit]


def front_matter_edit(document, rule: str, positions: Positions) -> types.TextEdit | None:
    newline = document.newline
    settings = document.front_matter.get("newslint")
    end = document.front_matter_end_line  # the closing `---` line, 1-based
    if settings is None:
        at = positions.position(end, 1)
        return types.TextEdit(range=types.Range(at, at), new_text=f"newslint:{newline}  disable: [{rule}]{newline}")
    disabled = settings.get("disable") if isinstance(settings, dict) else None
    if isinstance(disabled, str):
        disabled = [disabled]
    if not (isinstance(settings, dict) and set(settings) <= {"disable"} and isinstance(disabled, list)
            and all(isinstance(item, str) for item in disabled)):
        return None  # a shape the server would have to guess how to edit
    if rule in disabled:
        return None
    first = next((n for n in range(2, end) if document.lines[n - 1].startswith("newslint")), None)
    if first is None:
        return None
    last = first
    while last + 1 < end and (not document.lines[last].strip() or document.lines[last][:1] in " \t"):
        last += 1  # the lines of the `newslint:` block (indented)
    block = f"newslint:{newline}  disable: [{', '.join([*disabled, rule])}]{newline}"
    return types.TextEdit(range=types.Range(positions.position(first, 1), positions.position(last + 1, 1)), new_text=block)


def minimal_edit(old: str, new: str, positions: Positions) -> types.TextEdit:
    """One TextEdit turning `old` into `new`: the span between their common prefix and suffix."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    bom = positions.bom
    start = positions.at_offset(prefix - bom)
    end = positions.at_offset(len(old) - suffix - bom)
    return types.TextEdit(range=types.Range(start, end), new_text=new[prefix : len(new) - suffix])


# -- the protocol ------------------------------------------------------------------------------
def create_server(debounce: float = DEBOUNCE_SECONDS) -> NewslintServer:
    server = NewslintServer(debounce)

    @server.feature(types.INITIALIZED)
    def initialized(ls: NewslintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILE_NAMES]
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="newslint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.TextDocumentSaveRegistrationOptions(include_text=False))
    def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.startswith("file:") and os.path.basename(to_fs_path(uri)) in CONFIG_FILE_NAMES:
            ls.reload_configs()
        else:
            ls.schedule(uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.generation[uri] = ls.generation.get(uri, 0) + 1
        ls.checked.pop(uri, None)
        if uri not in ls.config_error_uris:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: NewslintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.startswith("file:") and os.path.basename(to_fs_path(change.uri)) in CONFIG_FILE_NAMES
               for change in params.changes):
            ls.reload_configs()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: NewslintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.reload_configs()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]),
    )
    def code_action(ls: NewslintServer, params: types.CodeActionParams):
        try:
            return ls.code_actions(params)
        except Exception as exc:  # a failing request answers nothing, the server goes on
            log.exception("code actions failed")
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"newslint: code actions failed: {exc!r}"))
            return []

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NewslintServer, params) -> None:
        ls.shutdown_requested = True
        for task in ls.pending.values():
            task.cancel()
        ls.corpus_pool.shutdown(wait=False, cancel_futures=True)

    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newslint server", description="Run the newslint language server over standard input and output (LSP).")
    parser.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default and only transport)")
    parser.add_argument("--debounce", type=float, default=DEBOUNCE_SECONDS, metavar="SECONDS",
                        help=f"wait this long after the last change before checking (default: {DEBOUNCE_SECONDS})")
    parser.add_argument("--log-file", metavar="FILE", help="write the server's log to FILE")
    parser.add_argument("--log-level", default="WARNING", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    handler = logging.FileHandler(args.log_file, encoding="utf-8") if args.log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(level=getattr(logging, args.log_level), format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        handlers=[handler])
    server = create_server(max(0.0, args.debounce))
    server.start_io()
    # pygls swallows the SystemExit of `exit`: the status is the protocol's (0 after a shutdown
    # request, 1 without one). os._exit: a comparison still running in its thread must not
    # hold the process.
    status = 0 if server.shutdown_requested else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # closed by the protocol on `exit`
    logging.shutdown()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
