"""The shared-screen TUI. Imported only when `recovery` or `recovery session` opens it."""
