import json
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverytui.core import storage
from recoverytui.core.errors import PlanError, StoreDamaged, StoreTooNew
from recoverytui.core.storage import SCHEMA_VERSION, read_plan_file, write_atomically
from recoverytui.core.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "home")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_reading_an_empty_store_creates_nothing(store):
    assert store.clients() == []
    assert not store.home.exists()


def test_files_are_private(store):
    client = store.add_client("Kari")
    assert mode(store.home) == 0o700
    assert mode(store.clients_dir) == 0o700
    assert mode(store.index_path) == 0o600
    assert mode(store.client_path(client["id"])) == 0o600
    assert all(mode(p) == 0o600 for p in store.home.rglob("*") if p.is_file())


def test_schema_version_is_recorded(store):
    client = store.add_client("Kari")
    data = json.loads(store.client_path(client["id"]).read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_atomic_write_leaves_no_temp_file_and_overwrites_a_stale_one(tmp_path):
    target = tmp_path / "plan.json"
    stale = tmp_path / ".plan.json.tmp"
    stale.write_text("half a write from a killed process")
    write_atomically(target, {"meta": {"1": {"schema": 1}}})
    assert json.loads(target.read_text()) == {"meta": {"1": {"schema": 1}}}
    assert not stale.exists()


DAMAGE = {
    "empty": b"",
    "null": b"null",
    "garbage": b"\x00\xffnot json",
    "truncated": b'{"meta": {"1": {"schema": 1}}, "goals": {"1": {"ti',
    "list": b"[1, 2]",
    "no schema": b'{"goals": {}}',
    "table not a dict": b'{"meta": {"1": {"schema": 1}}, "goals": [1]}',
    # TinyDB reads a document's key as its number; "x" stopped every command.
    "key not a number": b'{"meta": {"x": {"schema": 1, "counters": {}}}}',
    # No recoverytui file holds only its meta: a plan without its client is damage.
    "only meta": b'{"meta": {"1": {"schema": 1, "counters": {}}}}',
    # json.loads itself recurses: ten thousand levels stopped `goals` and `doctor`.
    "nested deep": b'{"meta": {"1": {"schema": 1, "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}}}",
    "nested deep, cut short": b'{"meta": {"1": {"schema": 1, "x": ' + b"[" * 10_000,
    "nested 40 levels": b'{"meta": {"1": {"schema": 1, "x": ' + b"[" * 40 + b"]" * 40 + b"}}}",
    # Python's json reads these, but they aren't JSON and no program of ours writes them.
    "NaN": b'{"meta": {"1": {"schema": 1, "counters": {"goals": NaN}}}}',
    "Infinity": b'{"meta": {"1": {"schema": 1, "counters": {"goals": -Infinity}}}}',
}


@pytest.mark.parametrize("case", DAMAGE)
def test_damaged_client_file_is_refused_and_left_as_it_was(store, case):
    client = store.add_client("Kari")
    path = store.client_path(client["id"])
    path.write_bytes(DAMAGE[case])
    before = path.stat().st_mtime_ns
    for attempt in (
        lambda: store.plan("kari").__enter__(),
        lambda: store.plan("kari", write=True).__enter__(),
    ):
        with pytest.raises(StoreDamaged) as refused:
            attempt()
        assert str(path) in str(refused.value)
    assert path.read_bytes() == DAMAGE[case]
    assert path.stat().st_mtime_ns == before


def test_the_message_names_the_client_by_handle_and_then_the_file(store):
    client = store.add_client("Kari Nordmann")
    path = store.client_path(client["id"])
    path.write_bytes(b'{"meta": {"1": {"schema": 1, "counters": {}}}}')
    with pytest.raises(StoreDamaged) as refused:
        store.plan("kari").__enter__()
    message = str(refused.value)
    assert message.startswith("The plan of kari can't be read: it holds no client.")
    assert str(path) in message and "Nordmann" not in message


def test_a_plan_from_a_newer_version_is_refused_untouched_and_not_called_damage(store):
    client = store.add_client("Kari")
    path = store.client_path(client["id"])
    newer = b'{"meta": {"1": {"schema": 99}}, "goals": [["a shape", "we don\'t know"]]}'
    path.write_bytes(newer)
    for write in (False, True):
        with pytest.raises(StoreTooNew) as refused:
            store.plan("kari", write=write).__enter__()
        assert "newer recoverytui (schema 99)" in str(refused.value)
        assert "kari" in str(refused.value)
    assert path.read_bytes() == newer


@pytest.mark.parametrize(
    "case",
    ['{"a": "\\\\", "b": "x\\"[[["}', '[[],{"[": "]]]]"}, [[[1]]]]', '"{"', "[]", "3"],
)
def test_nesting_is_measured_past_strings_and_escapes(case):
    assert storage.nesting(case.encode()) == _depth(json.loads(case))


_TRICKY = st.text(alphabet='[]{}"\\/ab\n\u00e6', max_size=6)
_JSON = st.recursive(
    st.none() | st.integers() | _TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=3),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, ascii_only=st.booleans())
def test_nesting_agrees_with_the_parsed_depth(value, ascii_only):
    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    # Each round takes out at least one level, and at most two ([{}] goes in one).
    assert _depth(value) / 2 <= storage.nesting(raw) <= _depth(value)


def _depth(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def test_nesting_as_deep_as_the_limit_is_read(tmp_path):
    path = tmp_path / "deep.json"
    lists = storage.NESTING_ROUNDS - 3  # in a file, a table and a document
    deep = "[" * lists + "]" * lists
    meta = json.dumps({"schema": SCHEMA_VERSION, "counters": {}})[:-1]
    path.write_text('{"meta": {"1": ' + meta + ', "x": ' + deep + "}}}")
    assert read_plan_file(path)["meta"]["1"]["x"]


@pytest.mark.parametrize("case", [case for case in DAMAGE if case != "only meta"])
def test_damaged_index_is_refused_and_left_as_it_was(store, case):
    store.add_client("Kari")
    store.index_path.write_bytes(DAMAGE[case])
    with pytest.raises(StoreDamaged):
        store.clients()
    with pytest.raises(StoreDamaged):
        store.add_client("Ola")
    assert store.index_path.read_bytes() == DAMAGE[case]
    assert len(list(store.clients_dir.glob("*.json"))) == 1


def test_missing_index_beside_client_files_is_damage_not_a_fresh_start(store):
    store.add_client("Kari")
    store.index_path.unlink()
    with pytest.raises(StoreDamaged, match="index"):
        store.add_client("Ola")
    assert not store.index_path.exists()


def test_missing_client_file_is_reported(store):
    client = store.add_client("Kari")
    store.client_path(client["id"]).unlink()
    with pytest.raises(StoreDamaged, match="missing"):
        store.plan("kari").__enter__()


def test_unreadable_file_is_reported_not_crashed(store):
    client = store.add_client("Kari")
    path = store.client_path(client["id"])
    path.unlink()
    path.mkdir()  # reading a folder fails with an OSError, even as root
    with pytest.raises(StoreDamaged, match="can't be read"):
        store.plan("kari").__enter__()
    assert path.is_dir()


def test_read_plan_file_message_is_plain(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b"")
    with pytest.raises(PlanError, match="it is empty"):
        read_plan_file(path)


def test_a_failed_transaction_writes_nothing(store):
    store.add_client("Kari")
    path = next(store.clients_dir.glob("*.json"))
    before = path.read_bytes()
    with pytest.raises(RuntimeError), store.plan("kari", write=True) as plan:
        plan.add_goal("First")
        raise RuntimeError("stopped half-way")
    assert path.read_bytes() == before


def test_read_transaction_never_writes(store):
    store.add_client("Kari")
    path = next(store.clients_dir.glob("*.json"))
    before = path.stat().st_mtime_ns
    with store.plan("kari") as plan:
        plan.goals()
    assert path.stat().st_mtime_ns == before


def _hand_edit(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    return path.read_bytes()


SHAPE_DAMAGE = {
    "progress 99": lambda d: d["checkins"]["1"].update(progress=99),
    "steps not a list": lambda d: d["goals"]["1"].update(steps="oops"),
    "goal without number": lambda d: d["goals"]["1"].pop("number"),
    "status failed": lambda d: d["goals"]["1"].update(status="failed"),
    "null title": lambda d: d["goals"]["1"].update(title=None),
    "step 9": lambda d: d["areas"]["1"].update(step=9),
    "rating averaged": lambda d: d["needs"]["1"].update(client_rating="2.5"),
    "voice unknown": lambda d: d["dreams"]["1"].update(voice="nurse"),
    # Dates are read back as days: one that isn't a day would stop a printout or the screen.
    "check-in on 30 February": lambda d: d["checkins"]["1"].update(date="2026-02-30"),
    "due next week": lambda d: d["goals"]["1"].update(due="next week"),
    "step done in Norwegian": lambda d: d["goals"]["1"]["steps"][0].update(done="27.11.2026"),
    "goal history on day 32": lambda d: d["goals"]["1"]["history"][0].update(date="2026-01-32"),
    "ladder move in 2026-W48": lambda d: d["areas"]["1"]["history"][0].update(date="2026-W48"),
    "need due in Arabic digits": lambda d: d["needs"]["1"].update(due="٢٠٢٦-١١-٢٧"),
}


@pytest.mark.parametrize("case", SHAPE_DAMAGE)
def test_valid_json_in_the_wrong_shape_is_refused_before_anything_is_shown(store, case):
    client = store.add_client("Kari")
    with store.plan("kari", write=True) as plan:
        plan.add_dream("A home")
        plan.add_goal("Walk", steps=["Out"])
        plan.check_in(1, 2)
        plan.add_area("Rent")
    path = store.client_path(client["id"])
    content = _hand_edit(path, SHAPE_DAMAGE[case])
    with pytest.raises(StoreDamaged, match="not in the shape"):
        store.plan("kari", write=True).__enter__()
    assert path.read_bytes() == content


def test_the_key_file_is_checked_like_every_store_file(tmp_path):
    from recoverytui.core import crypto

    crypto.create(tmp_path, "a long passphrase")
    storage.use_sealer(None)
    good = json.loads((tmp_path / "key.json").read_text())
    damage = {
        "nested deep": b'{"format": 1, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "cost a fraction": json.dumps({**good, "kdf": {**good["kdf"], "n": 16384.5}}).encode(),
        "not an object": b"[1]",
        "far too large": b" " * (1024 * 1024) + json.dumps(good).encode(),
    }
    for case, raw in damage.items():
        (tmp_path / "key.json").write_bytes(raw)
        with pytest.raises(StoreDamaged, match="The key file"):
            crypto.unlock(tmp_path, "a long passphrase")
        assert (tmp_path / "key.json").read_bytes() == raw, case
    (tmp_path / "key.json").write_text(json.dumps({**good, "format": crypto.ROTATING + 1}))
    with pytest.raises(StoreTooNew):
        crypto.unlock(tmp_path, "a long passphrase")
    (tmp_path / "key.json").write_text(json.dumps(good))
    crypto.unlock(tmp_path, "a long passphrase")
