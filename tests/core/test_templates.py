import pytest

from recoverytui.core.store import Store
from recoverytui.core.templates import BUILT_IN, TemplateError, load, parse_areas, parse_needs


def test_built_in_templates():
    domains = parse_needs(BUILT_IN / "needs.txt")
    assert [k for k, d in domains.items() if not d.extra] == ["economy", "housing"]
    assert {"food", "health", "daytime", "social"} <= set(domains)
    assert "A couch or a good chair" in domains["housing"].items
    assert "Paying rent and bills" in parse_areas(BUILT_IN / "areas.txt")


def test_a_service_template_replaces_the_built_in(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "needs.txt").write_text(
        "# our own\n== economy: Money\n- Money for food\n\n== home: Home\n- A bed\n"
    )
    (tmp_path / "templates" / "areas.txt").write_text("- Feeding the cat\n")
    templates = load(tmp_path)
    assert templates.warnings == []
    assert {k: d.items for k, d in templates.domains.items()} == {
        "economy": ["Money for food"], "home": ["A bed"],
    }  # fmt: skip
    assert templates.areas == ["Feeding the cat"]
    store = Store(tmp_path)
    store.add_client("Kari")
    with store.plan("kari") as plan:
        assert [i["name"] for i in plan.needs()] == ["Money for food", "A bed"]


@pytest.mark.parametrize(
    ("content", "line", "says"),
    [
        ("- An item first\n", 1, "before any '== domain'"),
        ("# fine\n== economy Economy\n", 2, "domain line looks like"),
        ("== economy: Economy\n- ok\nnot an item\n", 3, "expected '- text'"),
        ("== economy: E\n- bad \x1b]0;x\x07 item\n", 2, "control character"),
        ("== economy: E\n== economy: Again\n", 2, "comes twice"),
    ],
)
def test_a_malformed_template_names_file_and_line_and_the_built_in_is_used(
    tmp_path, content, line, says
):
    own = tmp_path / "templates" / "needs.txt"
    own.parent.mkdir()
    own.write_text(content)
    with pytest.raises(TemplateError, match=f"line {line}"):
        parse_needs(own)
    templates = load(tmp_path)
    assert len(templates.warnings) == 1
    assert str(own) in templates.warnings[0]
    assert f"line {line}" in templates.warnings[0]
    assert says in templates.warnings[0]
    assert "economy" in templates.domains and "housing" in templates.domains


def test_empty_or_unreadable_templates_fall_back(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "needs.txt").write_text("# only comments\n")
    (folder / "areas.txt").write_bytes(b"\xff\xfe bad utf-8")
    templates = load(tmp_path)
    assert len(templates.warnings) == 2
    assert "holds no domain" in templates.warnings[0]
    assert "areas.txt" in templates.warnings[1]
    assert templates.areas == parse_areas(BUILT_IN / "areas.txt")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("== economy: E\n- Income\n- income\n", "line 3: 'income' is already"),
        ("== economy: E\n- Income\n== housing: Housing\n", "housing has no items"),
    ],
)
def test_duplicate_items_and_empty_checklists_are_refused(tmp_path, content, says):
    path = tmp_path / "needs.txt"
    path.write_text(content)
    with pytest.raises(TemplateError, match=says):
        parse_needs(path)


def test_extra_is_read_in_any_case(tmp_path):
    path = tmp_path / "needs.txt"
    path.write_text("== Food: Food (Extra)\n- Fridge\n")
    assert parse_needs(path)["food"].extra is True
    assert parse_needs(path)["food"].title == "Food"


def test_an_areas_file_is_told_what_an_area_line_looks_like(tmp_path):
    path = tmp_path / "areas.txt"
    path.write_text("== money: Money\n")
    with pytest.raises(TemplateError, match="expected '- name'"):
        parse_areas(path)
