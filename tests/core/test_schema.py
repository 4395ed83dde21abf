"""The shape check knows every field the program writes: a field missing or of another kind
is damage, refused on reading with the field named, before any reader meets it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recoverytui.core import erase, storage
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.demo import create_demo
from recoverytui.core.errors import StoreDamaged
from recoverytui.core.schema import SHAPES, ListOf, Shape
from recoverytui.core.store import Store

TODAY = dt.date(2026, 11, 27)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Values of every JSON kind; a field's wrong value is the first its check refuses.
ODD_VALUES: tuple[Any, ...] = (None, "", "x", -1, 7, 1.5, True, [], {}, [{}], "2026-02-30")
# Fields the operations above don't write: a restore's entry (checked by hand below).
NOT_WRITTEN_HERE = {"history.kept", "history.lost"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """What real operations write: the demo plan, a made-up caseload with weeks of history,
    and an index whose log holds an erasure. By file name."""
    home = tmp_path_factory.mktemp("written")
    store = Store(home)
    create_caseload(store, clients=2, weeks=8, seed=3, today=TODAY)
    create_demo(store, today=TODAY)
    gone = store.clients()[0]
    erase.erase(store, gone["handle"], gone["handle"])
    files = {path.name: json.loads(path.read_bytes()) for path in store.clients_dir.glob("*.json")}
    files["caseload.json"] = json.loads((home / "caseload.json").read_bytes())
    return files


def _undeclared(value: Any, shape: Shape, where: str) -> Iterator[str]:
    if not isinstance(value, dict):
        return
    for name, field in value.items():
        check = shape.fields.get(name) or shape.may_lack.get(name)
        if check is None:
            yield f"{where}.{name}"
        elif isinstance(check, Shape):
            yield from _undeclared(field, check, f"{where}.{name}")
        elif isinstance(check, ListOf) and isinstance(field, list):
            for item in field:
                yield from _undeclared(item, check.shape, f"{where}.{name}[]")


def test_every_field_the_program_writes_is_declared(written: dict[str, dict[str, Any]]) -> None:
    fixture = [*(FIXTURES / "schema-1" / "clients").glob("*.json")]
    fixture.append(FIXTURES / "schema-1" / "caseload.json")
    files = [*written.values(), *(storage.read_plan_file(path) for path in fixture)]
    tables = {table for data in files for table in data}
    assert tables <= set(SHAPES), tables - set(SHAPES)
    assert {"history", "log", "clients", "client", "areas", "needs", "reviews"} <= tables
    found = {
        path
        for data in files
        for table, docs in data.items()
        for doc in docs.values()
        for path in _undeclared(doc, SHAPES[table], table)
    }
    assert not found, sorted(found)


def _fields() -> Iterator[tuple[str, str, str | None]]:
    """(table, field, field inside it) for every declared field, nested ones as well."""
    for table, shape in SHAPES.items():
        for name, check in {**shape.fields, **shape.may_lack}.items():
            yield table, name, None
            inner = check.shape if isinstance(check, ListOf) else check
            if isinstance(inner, Shape):
                for field in {**inner.fields, **inner.may_lack}:
                    yield table, name, field


def _case_id(case: tuple[str, str, str | None]) -> str:
    return ".".join(part for part in case if part)


def _holder(
    written: dict[str, dict[str, Any]], table: str, name: str, inner: str | None
) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """A file (its name and a copy of its data) and the document in it that holds the field."""
    for file, data in written.items():
        for doc in data.get(table, {}).values():
            if name not in doc:
                continue
            if inner is None:
                data = copy.deepcopy(data)
                return file, data, _same_doc(data, table, doc)
            items = doc[name] if isinstance(doc[name], list) else [doc[name]]
            for number, item in enumerate(items):
                if isinstance(item, dict) and inner in item:
                    data = copy.deepcopy(data)
                    found = _same_doc(data, table, doc)[name]
                    return file, data, found[number] if isinstance(found, list) else found
    return None


def _same_doc(data: dict[str, Any], table: str, doc: dict[str, Any]) -> dict[str, Any]:
    return next(other for other in data[table].values() if other == doc)


def _read(tmp_path: Path, file: str, data: dict[str, Any]) -> bytes:
    path = tmp_path / file
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    with pytest.raises(StoreDamaged) as refused:
        storage.read_plan_file(path, one_client=file != "caseload.json")
    assert path.read_bytes() == raw  # left exactly as it was
    return str(refused.value).encode()


@pytest.mark.parametrize("case", list(_fields()), ids=_case_id)
def test_a_field_missing_or_of_another_kind_is_damage(
    case: tuple[str, str, str | None], written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    table, name, inner = case
    found = _holder(written, table, name, inner)
    if _case_id(case) in NOT_WRITTEN_HERE:
        assert found is None
        return
    assert found is not None, f"nothing written holds {_case_id(case)}"
    file, data, holder = found
    field = inner or name
    shape = SHAPES[table]
    if inner is not None:
        outer = shape.fields.get(name) or shape.may_lack[name]
        shape = outer.shape if isinstance(outer, ListOf) else outer
    check = shape.fields.get(field) or shape.may_lack[field]
    wrong = [value for value in ODD_VALUES if not check(value)]
    if wrong:
        holder[field] = wrong[0]
        assert field.encode() in _read(tmp_path, file, data)
    if field in shape.fields:
        del holder[field]
        assert field.encode() in _read(tmp_path, file, data)


def test_the_fields_only_some_entries_have_are_checked_when_there(
    written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    plan = next(data for data in written.values() if "history" in data)
    for field, wrong in (("kept", "all of it"), ("lost", [1, 2])):
        data = copy.deepcopy(plan)
        next(iter(data["history"].values()))[field] = wrong
        assert b"history, entry 1, " + field.encode() in _read(tmp_path, "plan.json", data)


def test_an_area_with_no_step_to_stand_on_is_damage(
    written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    file, data, area = _holder(written, "areas", "history", None) or pytest.fail()
    area["history"] = [dict(move, move="agree") for move in area["history"]]
    assert b"areas, entry" in _read(tmp_path, file, data)
    area["history"] = []
    assert b"areas, entry" in _read(tmp_path, file, data)


def test_a_need_changed_to_what_its_field_cant_hold_is_damage(
    written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    file, data, change = _holder(written, "needs", "history", "field") or pytest.fail()
    change.update(field="client_rating", to="wonderful")
    assert b"needs, entry" in _read(tmp_path, file, data)
    change.update(field="favourite colour", to="blue")
    assert b"history, item" in _read(tmp_path, file, data)


def test_the_problem_is_named_down_to_the_field(
    written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    file, data, step = _holder(written, "goals", "steps", "done") or pytest.fail()
    step["done"] = "someday"
    assert b", steps, item " in _read(tmp_path, file, data) and b" done " in _read(
        tmp_path, file, data
    )
