"""The run as stages, one module each (docs/architecture.md): `discover` (which files), `check`
(one document), `workers` (the per-file pass in processes), `cache` (results kept between runs),
`corpus` (the corpus-wide pass), `filters` (suppressions, timeouts, baseline, changed lines) and
`results` (what a stage hands the next). `pytest_newslint.engine.Engine` wires them together."""
