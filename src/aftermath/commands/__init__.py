"""Command groups beyond the core ones in `aftermath.cli`, one module per area.

Each public module here defines `register(app, eval_app)`; `aftermath.cli` imports every
such module when it loads, so adding an area means adding a file, not editing a list.
Shared helpers (`fail`, `settings_or_exit`, `nlp_kb`, `print_json`, option types) come from
`aftermath.cli` itself, which is fully defined before these modules are imported.
"""
