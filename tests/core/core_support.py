"""Helpers the core tests share."""

from calendar_support import DAY as DAY  # the calendar of the `day` fixture starts here


def plan_bytes(store):
    """Every store file's bytes, to prove a refused operation wrote nothing."""
    return {p.name: p.read_bytes() for p in store.home.rglob("*.json")}
