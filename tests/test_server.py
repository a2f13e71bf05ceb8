"""`newslint server` through a real LSP client (pygls' LanguageClient) over standard input and
output: open, change, code actions, config change and error, cross-article, shutdown and exit."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from pytest_newslint.server import Positions

from .conftest import PROJECT, git, newslint_command

SEED = "000_5cbcde181c5b7a1b.txt"
TIMEOUT = 20  # seconds for any one wait: a loaded 2-core machine, never a hang

PADDED_MD = "# Marathon day\n\nThe city marathon closed roads in the centre on Sunday morning.\n\n\n\n"
HASHTAGS_MD = "# Marathon day\n\nThe city marathon closed roads in the centre on Sunday.\n\n#run #marathon #city #sunday #sport #fun\n"


class Session:
    """One server process and a client talking to it."""

    def __init__(self, root: Path):
        self.root = root
        self.client = LanguageClient("newslint-test", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.messages: list[types.ShowMessageParams] = []
        self.registrations: list[str] = []
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(ls, params):
            self.published.setdefault(params.uri, []).append(params)
            self.event.set()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(ls, params):
            self.messages.append(params)
            self.event.set()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def on_register(ls, params):
            self.registrations += [r.method for r in params.registrations]
            self.event.set()

    async def start(self, command: list[str] | None = None, debounce: float = 0.05):
        command = command or [sys.executable, "-m", "pytest_newslint.server"]
        await self.client.start_io(*command, "--debounce", str(debounce), cwd=str(self.root))
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
            )
        )
        await asyncio.wait_for(self.client.initialize_async(types.InitializeParams(
            capabilities=capabilities, root_uri=from_fs_path(str(self.root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(self.root)), name="articles")],
        )), TIMEOUT)
        self.client.initialized(types.InitializedParams())
        return self

    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        uri = from_fs_path(str(path))
        text = path.read_text(encoding="utf-8") if text is None else text
        language = "markdown" if path.suffix == ".md" else "plaintext"
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        ))

    def config_changed(self, path: Path) -> None:
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(path)), type=types.FileChangeType.Changed)]))

    async def wait_for(self, predicate, what: str):
        """Wait until `predicate()` is true (checked on each message from the server)."""
        async def loop():
            while not predicate():
                self.event.clear()
                await self.event.wait()
        try:
            await asyncio.wait_for(loop(), TIMEOUT)
        except asyncio.TimeoutError:
            raise AssertionError(f"timed out waiting for {what}; published: {self.published}; messages: {self.messages}") from None

    async def diagnostics(self, uri: str, predicate=lambda diagnostics: True, after: int = 0):
        """The first publication for `uri` (after the `after` first ones) that `predicate` accepts."""
        found = []

        def ready():
            for params in self.published.get(uri, [])[after:]:
                if predicate(params.diagnostics):
                    found.append(params.diagnostics)
                    return True
            return False

        await self.wait_for(ready, f"diagnostics for {uri}")
        return list(found[0])

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    async def code_actions(self, uri: str, start: int = 0, end: int = 10_000, only=None):
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(start, 0), types.Position(end, 0)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
        return await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT) or []

    async def stop(self) -> int:
        """shutdown, exit: the server's exit status."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        status = await asyncio.wait_for(self.client._server.wait(), TIMEOUT)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)
        return status


def seed_path() -> Path:
    """The seed article of ../shared/corpus (beside the checkout, or beside a folder of worktrees
    above it), or skip the test."""
    for folder in PROJECT.parents:
        candidate = folder / "shared" / "corpus" / "seeds" / SEED
        if candidate.is_file():
            return candidate
    pytest.skip(f"shared/corpus/seeds/{SEED} is not in a folder above {PROJECT} (only in the project's workplace)")


def run(scenario):
    asyncio.run(asyncio.wait_for(scenario, 120))


def codes(diagnostics) -> set[str]:
    return {d.code for d in diagnostics}


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to a text, last first."""
    positions = Positions(text)

    def offset(position):
        line = positions.line_text(position.line) if position.line < len(positions.starts) else ""
        units, chars = 0, 0
        while units < position.character and chars < len(line):
            units += 2 if ord(line[chars]) > 0xFFFF else 1
            chars += 1
        return (positions.starts[position.line] if position.line < len(positions.starts) else len(text)) + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def cli_json(run_cli, path: Path, cwd: Path) -> list[dict]:
    result = run_cli("--format", "json", "--no-cache", path.name, cwd=cwd)
    return json.loads(result.stdout)["findings"]


# -- the scenario on the seed article ---------------------------------------------------
def test_seed_article_open_code_action_edit_and_exit(tmp_path, run_cli):
    seed = seed_path()
    article = tmp_path / "venezuela.txt"
    shutil.copyfile(seed, article)
    text = article.read_text(encoding="utf-8")
    expected = cli_json(run_cli, article, tmp_path)
    assert {f["rule"] for f in expected} == {"repeated-block", "trailing-padding"}

    async def scenario():
        session = await Session(tmp_path).start()
        uri = session.open(article, text)
        diagnostics = await session.diagnostics(uri, lambda d: d)
        assert codes(diagnostics) == {"repeated-block", "trailing-padding"}
        # the same findings as the command: rule, message, 1-based line/column -> 0-based
        got = sorted((d.code, d.message, d.range.start.line + 1, d.range.start.character + 1) for d in diagnostics)
        assert got == sorted((f["rule"], f["message"], f["line"], f["column"]) for f in expected)
        for d in diagnostics:
            assert d.source == "newslint" and d.severity == types.DiagnosticSeverity.Error
        repeat = next(d for d in diagnostics if d.code == "repeated-block")
        assert repeat.related_information and repeat.related_information[0].location.uri == uri
        assert repeat.related_information[0].location.range.start.line == 1  # lines 2-4, 0-based

        padding = next(d for d in diagnostics if d.code == "trailing-padding")
        actions = await session.code_actions(uri, padding.range.start.line, padding.range.end.line)
        padding_fix = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.title.startswith("Fix")
                       and a.diagnostics and a.diagnostics[0].code == "trailing-padding"]
        assert len(padding_fix) == 1
        assert not [a for a in actions if "Suppress" in a.title]  # plain text, no front matter: no form
        fixed = apply_edits(text, padding_fix[0].edit.changes[uri])
        assert fixed == text.rstrip() + "\n"

        fix_all = await session.code_actions(uri, only=[types.CodeActionKind.SourceFixAll])
        assert [a.kind for a in fix_all] == ["source.fixAll.newslint"]
        clean = apply_edits(text, fix_all[0].edit.changes[uri])
        before = session.count(uri)
        session.change(uri, clean, 2)
        assert await session.diagnostics(uri, lambda d: not d, after=before) == []
        assert await session.stop() == 0

    run(scenario())


def test_change_is_debounced_and_positions_count_utf16(tmp_path):
    # an emoji (two UTF-16 code units) before hashtags in prose moves the column by two
    article = tmp_path / "story.md"
    text = "# Fans\n\nThe fans cheered 😀 #go #team #win #now #yes #more at the final whistle on Sunday night.\n"

    async def scenario():
        session = await Session(tmp_path).start(debounce=0.2)
        uri = session.open(article, "# Fans\n\nThe fans cheered at the final whistle on Sunday night.\n")
        assert await session.diagnostics(uri) == []
        before = session.count(uri)
        for version in range(2, 6):  # a burst of keystrokes: one check at the end
            session.change(uri, text, version)
        diagnostics = await session.diagnostics(uri, lambda d: d, after=before)
        await asyncio.sleep(0.5)
        assert session.count(uri) == before + 1
        assert session.published[uri][-1].version == 5
        hashtags = next(d for d in diagnostics if d.code == "hashtag-stuffing")
        line = text.splitlines()[hashtags.range.start.line]
        character = hashtags.range.start.character
        assert line.encode("utf-16-le")[: character * 2].decode("utf-16-le").endswith("😀 ") or character == 0
        assert await session.stop() == 0

    run(scenario())


def test_positions_are_utf16_and_skip_a_bom():
    positions = Positions("\ufeffab😀c\nx\r\ny")
    assert positions.position(1, 1) == types.Position(0, 1)  # after the BOM
    assert positions.position(1, 3) == types.Position(0, 3)  # before the emoji
    assert positions.position(1, 4) == types.Position(0, 5)  # after it: two code units
    assert positions.position(3, 1) == types.Position(2, 0)  # CRLF is one line break
    assert positions.at_offset(3) == types.Position(0, 5)  # newslint's offsets have no BOM
    assert Positions("a😀b", types.PositionEncodingKind.Utf32).position(1, 3) == types.Position(0, 2)


# -- suppressions as code actions -----------------------------------------------------------------
def test_markdown_comment_suppression_clears_the_finding(tmp_path):
    article = tmp_path / "marathon.md"

    async def scenario():
        session = await Session(tmp_path).start()
        uri = session.open(article, HASHTAGS_MD)
        diagnostics = await session.diagnostics(uri, lambda d: d)
        assert codes(diagnostics) == {"hashtag-stuffing"}
        line = diagnostics[0].range.start.line
        actions = await session.code_actions(uri, line, line)
        comment = [a for a in actions if "(comment)" in a.title]
        assert len(comment) == 1 and not [a for a in actions if "front matter" in a.title]
        suppressed = apply_edits(HASHTAGS_MD, comment[0].edit.changes[uri])
        assert "<!-- newslint: disable-next-line=hashtag-stuffing -->\n#run" in suppressed
        before = session.count(uri)
        session.change(uri, suppressed, 2)
        assert await session.diagnostics(uri, after=before) == []
        assert await session.stop() == 0

    run(scenario())


def test_front_matter_suppression_and_padding_in_markdown(tmp_path):
    article = tmp_path / "notes.txt"
    text = "---\ntitle: Marathon\n---\nThe city marathon closed roads in the centre on Sunday morning.\n\n\n\n"
    markdown = tmp_path / "padded.md"

    async def scenario():
        session = await Session(tmp_path).start()
        uri = session.open(article, text)
        diagnostics = await session.diagnostics(uri, lambda d: d)
        assert codes(diagnostics) == {"trailing-padding"}
        actions = await session.code_actions(uri, diagnostics[0].range.start.line, diagnostics[0].range.end.line)
        assert [a.title for a in actions if "Suppress" in a.title] == ["Suppress trailing-padding in this file (front matter)"]
        suppressed = apply_edits(text, next(a for a in actions if "Suppress" in a.title).edit.changes[uri])
        assert "newslint:\n  disable: [trailing-padding]\n---\n" in suppressed
        before = session.count(uri)
        session.change(uri, suppressed, 2)
        assert await session.diagnostics(uri, after=before) == []

        # Markdown padding starts on a blank line: a disable comment from there
        md_uri = session.open(markdown, PADDED_MD)
        diagnostics = await session.diagnostics(md_uri, lambda d: d)
        actions = await session.code_actions(md_uri, diagnostics[0].range.start.line, diagnostics[0].range.end.line)
        comment = next(a for a in actions if "(comment)" in a.title)
        before = session.count(md_uri)
        session.change(md_uri, apply_edits(PADDED_MD, comment.edit.changes[md_uri]), 2)
        assert await session.diagnostics(md_uri, after=before) == []
        assert await session.stop() == 0

    run(scenario())


# -- configuration -------------------------------------------------------------------------------
def test_config_change_and_config_error(tmp_path):
    config = tmp_path / ".newslint.yaml"
    config.write_text("rules:\n  trailing-padding: false\n", encoding="utf-8")
    article = tmp_path / "padded.md"
    excluded = tmp_path / "drafts" / "draft.md"

    async def scenario():
        session = await Session(tmp_path).start()
        await session.wait_for(lambda: types.WORKSPACE_DID_CHANGE_WATCHED_FILES in session.registrations,
                               "the registration of the config file watchers")
        uri = session.open(article, PADDED_MD)
        assert await session.diagnostics(uri) == []

        config.write_text("rules:\n  trailing-padding: {severity: warning}\nexclude: [drafts/]\n", encoding="utf-8")
        before = session.count(uri)
        session.config_changed(config)
        diagnostics = await session.diagnostics(uri, lambda d: d, after=before)
        assert codes(diagnostics) == {"trailing-padding"}
        assert diagnostics[0].severity == types.DiagnosticSeverity.Warning
        draft_uri = session.open(excluded, PADDED_MD)  # not an article the config includes
        assert await session.diagnostics(draft_uri) == []

        config.write_text("rules:\n  no-such-rule: true\n", encoding="utf-8")
        before = session.count(uri)
        session.config_changed(config)
        config_uri = from_fs_path(str(config))
        errors = await session.diagnostics(config_uri, lambda d: d)
        assert "no-such-rule" in errors[0].message and errors[0].severity == types.DiagnosticSeverity.Error
        await session.wait_for(lambda: session.messages, "a showMessage")
        assert session.messages[0].type == types.MessageType.Error and "no-such-rule" in session.messages[0].message
        assert await session.diagnostics(uri, after=before) == []

        config.write_text("rules:\n  trailing-padding: true\n", encoding="utf-8")
        before, config_before = session.count(uri), session.count(config_uri)
        session.config_changed(config)
        assert codes(await session.diagnostics(uri, lambda d: d, after=before)) == {"trailing-padding"}
        assert await session.diagnostics(config_uri, after=config_before) == []
        assert await session.stop() == 0

    run(scenario())


def test_broken_document_does_not_stop_the_server(tmp_path, run_cli):
    empty, article = tmp_path / "empty.md", tmp_path / "padded.md"

    async def scenario():
        session = await Session(tmp_path).start(command=newslint_command() + ["server"])
        empty_uri = session.open(empty, "\n\n")
        diagnostics = await session.diagnostics(empty_uri, lambda d: d)
        assert codes(diagnostics) == {"file-error"}
        uri = session.open(article, PADDED_MD)
        assert codes(await session.diagnostics(uri, lambda d: d)) == {"trailing-padding"}
        assert await session.stop() == 0

    run(scenario())


# -- cross-article --------------------------------------------------------------------------------
def test_unsaved_article_is_compared_with_the_saved_ones(tmp_path):
    seed = seed_path().read_text(encoding="utf-8").splitlines()
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "a.txt").write_text("\n".join(seed[:4]) + "\n", encoding="utf-8")
    git(repo, "add", "a.txt")
    opening = ("A different opening paragraph about a storm that hit the coast on Tuesday, closing roads "
               "and schools for two days while crews cleared fallen trees.")
    unsaved = "\n".join([opening, seed[1], seed[2]]) + "\n"

    async def scenario():
        session = await Session(repo).start()
        uri = session.open(repo / "b.txt", unsaved)  # never written to disk
        per_file = await session.diagnostics(uri)
        assert per_file == []  # first the per-file findings (none), then the comparison
        diagnostics = await session.diagnostics(uri, lambda d: d)
        assert [d.message for d in diagnostics] == ["lines 2-3 repeat a.txt lines 2-3 (exact copy from another article)"]
        related = diagnostics[0].related_information[0].location
        assert related.uri == from_fs_path(str(repo / "a.txt")) and related.range.start.line == 1
        assert await session.stop() == 0

    run(scenario())


def test_exit_without_shutdown_is_status_1(tmp_path):
    async def scenario():
        session = await Session(tmp_path).start()
        session.client.exit(None)
        assert await asyncio.wait_for(session.client._server.wait(), TIMEOUT) == 1
        await asyncio.wait_for(session.client.stop(), TIMEOUT)

    run(scenario())
