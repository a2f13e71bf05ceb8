"""newslint: a content linter for repositories of news articles."""

__version__ = "0.1.0"
