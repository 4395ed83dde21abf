"""House rules of the TUI that a test can hold: every key has an id and a tooltip."""

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import recoverytui.tui


def test_every_binding_has_an_id_and_a_tooltip():
    seen = 0
    for info in pkgutil.walk_packages(recoverytui.tui.__path__, "recoverytui.tui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    seen += 1
                    assert binding.id, (cls.__name__, binding.key)
                    assert binding.tooltip, (cls.__name__, binding.key)
                    assert binding.description, (cls.__name__, binding.key)
    assert seen > 30
