"""settings.json is a store file like the others: damage is never read as the defaults."""

import datetime as dt
import json

import pytest
from core_support import DAY

from recoverytui.core import backup, crypto, doctor, history, storage
from recoverytui.core.errors import InvalidInput, StoreDamaged, StoreLocked
from recoverytui.core.settings import load_settings, save_setting, settings_path
from recoverytui.core.store import Store

DAMAGE = {
    "cut short": b'{"worker": "Anne", "backups_ke',
    "empty": b"",
    "not an object": b'["worker", "Anne"]',
    "kept not a number": b'{"worker": "Anne", "backups_kept": "30"}',
    "kept none": b'{"backups_kept": 0}',
    "worker not a name": b'{"worker": "Anne\\u001b[2J"}',
    "nested deep": b'{"theme": ' + b"[" * 5000 + b"]" * 5000 + b"}",
}


@pytest.fixture
def store(tmp_path, day):
    return Store(tmp_path / "home")


def kept_for_three_weeks(store, day):
    """Kari with a daily backup on each of 21 days, five of them kept by the settings."""
    save_setting(store.home, "backups_kept", 5)
    client = store.add_client("Kari")
    for n in range(21):
        day[0] = DAY + dt.timedelta(days=n)
        with store.plan("kari", write=True) as plan:
            plan.add_goal(f"Goal {n}")
    assert len(backup.daily_backups(store.home, client["id"])) == 5
    return client


@pytest.mark.parametrize("case", DAMAGE)
def test_damaged_settings_are_never_read_as_the_defaults(store, case):
    store.home.mkdir()
    settings_path(store.home).write_bytes(DAMAGE[case])
    with pytest.raises(StoreDamaged, match=r"The settings file .* can.t be read"):
        load_settings(store.home)
    with pytest.raises(StoreDamaged):
        backup.kept(store.home)
    with pytest.raises(StoreDamaged):
        history.worker_name(store.home)


@pytest.mark.parametrize("case", DAMAGE)
def test_damaged_settings_are_never_written_over(store, case):
    store.home.mkdir()
    settings_path(store.home).write_bytes(DAMAGE[case])
    for key, value in (("worker", "Per"), ("theme", "recovery-light"), ("worker", None)):
        with pytest.raises(StoreDamaged):
            save_setting(store.home, key, value)
    assert settings_path(store.home).read_bytes() == DAMAGE[case]


def test_a_value_the_settings_would_refuse_is_never_saved(store):
    for key, value in (("backups_kept", 0), ("backups_kept", True), ("worker", "two\nlines")):
        with pytest.raises(InvalidInput):
            save_setting(store.home, key, value)
    assert not settings_path(store.home).exists()


def test_with_the_settings_damaged_the_work_goes_on_but_no_backup_is_deleted(store, day):
    client = kept_for_three_weeks(store, day)
    before = backup.daily_backups(store.home, client["id"])
    settings_path(store.home).write_bytes(DAMAGE["cut short"])
    said = []
    writer = Store(store.home)  # a new command, which reads the settings afresh
    writer.on_warning = said.append
    for n in range(21, 30):
        day[0] = DAY + dt.timedelta(days=n)
        with writer.plan("kari", write=True) as plan:
            plan.add_goal(f"Goal {n}")
    after = backup.daily_backups(store.home, client["id"])
    assert set(before) < set(after) and len(after) == 5 + 9  # taken, and none deleted
    # The history doesn't put the login name where the worker's name can't be read.
    entries = history.of_client(writer, "kari")[0]
    assert {e["who"] for e in entries[-9:]} == {"unknown"}
    assert len(said) == 1 and "no daily backup is deleted" in said[0]
    assert settings_path(store.home).read_bytes() == DAMAGE["cut short"]


def test_a_changed_byte_in_sealed_settings_is_damage_too(store, day, monkeypatch):
    kept_for_three_weeks(store, day)
    save_setting(store.home, "worker", "Anne")
    crypto.create(store.home, "a long passphrase")
    crypto.seal_store(store.home)
    crypto.mark_finished(store.home)
    sealed = bytearray(settings_path(store.home).read_bytes())
    sealed[-3] ^= 0x01
    settings_path(store.home).write_bytes(bytes(sealed))
    with pytest.raises(StoreDamaged, match="changed or damaged after it was written") as refused:
        load_settings(store.home)
    message = str(refused.value)
    assert message.count("It has been left") == 1 and ".." not in message, message
    writer = Store(store.home)
    with writer.plan("kari", write=True) as plan:
        plan.add_goal("Written all the same")
    assert history.of_client(writer, "kari")[0][-1]["who"] == "unknown"
    assert settings_path(store.home).read_bytes() == bytes(sealed)


def test_sealed_settings_in_a_store_not_opened_are_not_the_defaults(store, day):
    save_setting(store.home, "worker", "Anne")
    crypto.create(store.home, "a long passphrase")
    crypto.seal_store(store.home)
    storage.use_sealer(None)  # another process, which hasn't been given the passphrase
    with pytest.raises(StoreLocked, match="encrypted"):
        load_settings(store.home)


def test_the_doctor_reports_damaged_settings_and_repair_moves_them_aside(store, day):
    store.add_client("Kari")
    save_setting(store.home, "worker", "Anne")
    settings_path(store.home).write_bytes(DAMAGE["cut short"])
    found = doctor.examine(store)
    assert [(p.kind, p.file) for p in found] == [("damaged", "settings.json")]
    assert "settings file" in found[0].message
    found, left = doctor.repair(store)
    assert left == []
    assert "recovery worker NAME" in found[0].repair
    aside = list(backup.damaged_dir(store.home).iterdir())
    assert [p.read_bytes() for p in aside] == [DAMAGE["cut short"]]
    assert not settings_path(store.home).exists()
    assert doctor.examine(store) == []


def test_settings_a_newer_program_added_are_kept(store):
    store.home.mkdir()
    settings_path(store.home).write_text(json.dumps({"language": "nb", "worker": "Anne"}))
    save_setting(store.home, "theme", "recovery-light")
    assert load_settings(store.home) == {
        "language": "nb",
        "worker": "Anne",
        "theme": "recovery-light",
    }
