"""The optional C extension (pytest_newslint/_speedups.c): built when a compiler is there,
skipped (newslint then runs its pure-Python twins, with the same findings) when not."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("pytest_newslint._speedups", ["pytest_newslint/_speedups.c"], optional=True)])
