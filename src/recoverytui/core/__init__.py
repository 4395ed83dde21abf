"""The headless core: documents, rules, the store and plan operations.

Nothing here imports textual, typer or rich; the CLI and the TUI both stand on it.
"""
