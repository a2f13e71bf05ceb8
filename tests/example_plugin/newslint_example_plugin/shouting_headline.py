"""A headline written in capital letters.

## What it does
Reports a headline whose letters are (almost) all capitals, such as
"COUNCIL APPROVES BUDGET".

## Why is this bad?
House style sets headlines in sentence case; capitals read as shouting and break the site's
typography.

## Example
```text
COUNCIL APPROVES BUDGET          <- shouting-headline
```
"""
from pytest_newslint.finding import Problem
from pytest_newslint.rules import Option

ID = "shouting-headline"
SEVERITY = "warning"
OPTIONS = {
    "min-letters": Option(int, 8, "shorter headlines (acronyms) are left alone", minimum=1),
    "max-upper-share": Option(float, 0.8, "largest share of capital letters allowed", minimum=0, maximum=1),
}


def check(document, options):
    headline = document.headline or ""
    letters = sum(ch.isalpha() for ch in headline)
    share = document.extras.get("headline_upper_share", 0.0)
    if letters >= options["min-letters"] and share > options["max-upper-share"]:
        yield Problem(
            line=document.headline_line or 1,
            column=1,
            message=f"headline in capitals ({share:.0%} of its letters): use sentence case",
        )
