"""An example newslint plugin: one rule, one output format, one document attribute."""
from pytest_newslint.plugins import hookimpl

from . import shouting_headline


@hookimpl
def newslint_rules():
    return [shouting_headline]


@hookimpl
def newslint_formats():
    return {"count": render_count}


@hookimpl
def newslint_document_parsed(document):
    # computed once per file, shared by every rule that wants it
    letters = [ch for ch in document.headline or "" if ch.isalpha()]
    document.extras["headline_upper_share"] = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def render_count(findings, files):
    counts = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return "".join(f"{rule}: {count}\n" for rule, count in sorted(counts.items()))
