"""Helpers the core tests share."""


def plan_bytes(store):
    """Every store file's bytes, to prove a refused operation wrote nothing."""
    return {p.name: p.read_bytes() for p in store.home.rglob("*.json")}
