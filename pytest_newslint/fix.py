"""Apply safe fixes, and write files so that a crash never leaves half an article.

A fix only ever removes a defect that cannot be read two ways: trailing padding, a line or
block made only of hashtags, an exact later copy of a repeated block. Fixes are applied until
nothing fixable is left (a fix can reveal another, as removing a hashtag line can leave
padding), so `fix(fix(x)) == fix(x)`.

Writing: the new bytes go to a temporary file in the same folder (named
`.NAME.newslint-PID-RANDOM.tmp`, so an interrupted run is recognisable), flushed and fsynced,
with the original file's mode, then `os.replace`d over the original: the file is always
either the old or the new version. A file that changed on disk since it was read is not
overwritten; a fix that would leave the front matter unparsable is refused; a read-only file is
left alone, even for root.
"""
from __future__ import annotations

import difflib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from .document import FileError, encode, parse
from .finding import Fix

MAX_ROUNDS = 10
TEMP_MARK = ".newslint-"
TEMP_SUFFIX = ".tmp"


@dataclass
class FixResult:
    path: str
    original: bytes
    fixed: bytes
    applied: int = 0  # fixes applied
    error: str | None = None  # why the file was not written
    encoding: str = "utf-8"  # the file's own: the diff shows its text, not its bytes

    def diff(self) -> str:
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        before = self.original.decode(encoding, "replace").splitlines(keepends=True)
        after = self.fixed.decode(encoding, "replace").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (the first of two that overlap wins); return the new text and
    how many were applied."""
    chosen: list[Fix] = []
    last_end = -1
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fix.start < last_end or fix.start == last_end and chosen and chosen[-1].start == fix.start:
            continue
        chosen.append(fix)
        last_end = fix.end
    pieces, position = [], 0
    for fix in chosen:
        pieces.append(text[position : fix.start])
        pieces.append(fix.replacement)
        position = fix.end
    pieces.append(text[position:])
    return "".join(pieces), len(chosen)


def fix_bytes(engine, raw: bytes, path: str, config_path: str | None = None, encoding: str | None = None) -> FixResult:
    """The fixed bytes of an article (no writing), in the article's own encoding (`encoding`,
    else the config's for the file). Only the findings the run would report are fixed: what a
    suppression silences or the baseline accepts is left as it is."""
    result = FixResult(path, raw, raw)
    encoding = encoding or engine.config.encoding_for(config_path or path)
    try:
        document = parse(path, raw, encoding)
    except FileError as exc:
        result.error = str(exc)
        return result
    result.encoding = document.encoding
    # a fix never touches the front matter: if it parsed before, it must be the same after. It is
    # compared as text, never as the loaded data: a YAML alias bomb under yamlsafe's cap is cheap
    # to hold but exponential to walk (`==` over 9**11 shared lists would never return).
    front_matter = _front_matter_text(document) if document.front_matter_error is None else None
    for _ in range(MAX_ROUNDS):
        checked = engine.check_document(document, config_path)
        fixes = [f.fix for f in engine.findings_to_fix(checked) if f.fix is not None]
        if not fixes:
            break
        text, applied = apply_fixes(document.text, fixes)
        if text == document.text:
            break
        result.applied += applied
        try:
            new_raw = encode(text, document.encoding, document.bom)
            document = parse(path, new_raw, document.encoding)
        except (FileError, UnicodeError) as exc:  # cannot happen for removals; refuse rather than guess
            result.error = f"fix refused: {exc}"
            return result
    if front_matter is not None and (document.front_matter_error or _front_matter_text(document) != front_matter):
        result.error = "fix refused: it would leave the front matter unparsable or changed"
        return result
    result.fixed = encode(document.text, document.encoding, document.bom)
    return result


def _front_matter_text(document) -> str | None:
    """The front matter block as written, `---` lines included (None: the file has none)."""
    if document.front_matter is None or not document.front_matter_end_line:
        return None
    last = document.front_matter_end_line - 1
    return document.text[: document.line_starts[last] + len(document.lines[last])]


def fix_file(engine, path: Path, write: bool = True) -> FixResult:
    shown = engine.display(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
            return FixResult(shown, b"", b"", error="not a regular file: not fixed")
        if info.st_size > engine.config.max_file_size:
            return FixResult(shown, b"", b"", error="over max-file-size: not fixed")
        raw = Path(path).read_bytes()
    except OSError as exc:
        return FixResult(shown, b"", b"", error=f"cannot read: {exc.strerror or exc}")
    result = fix_bytes(engine, raw, shown, os.path.abspath(path))
    if write and result.fixed != raw and result.error is None:
        try:
            write_atomically(Path(path), raw, result.fixed)
        except WriteRefused as exc:
            result.error = str(exc)
        except OSError as exc:
            result.error = f"not written: {exc.strerror or exc}"
    return result


class WriteRefused(Exception):
    pass


def write_atomically(path: Path, expected: bytes, data: bytes) -> None:
    """Replace `path` with `data`, only if it still holds `expected`."""
    target = Path(os.path.realpath(path))  # a symlinked article stays a symlink
    info = os.stat(target)
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteRefused("read-only file: not fixed (make it writable to let --fix change it)")
    temporary = target.parent / f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(info.st_mode))
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if target.read_bytes() != expected:
            raise WriteRefused("file changed on disk while newslint was fixing it: not overwritten")
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Remove temporary files that an interrupted `--fix` left in `folder`."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(".") and TEMP_MARK in name and name.endswith(TEMP_SUFFIX)):
            continue
        try:
            pid = int(name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and _alive(pid):
            continue  # another newslint is writing it right now
        try:
            os.unlink(folder / name)
            removed.append(folder / name)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
