"""What a screen reader finds in the printouts' PDFs: their language, and a tagged structure
(headings, paragraphs, lists, tables, figures) in reading order. Imported by pdf.py, after it
has imported fpdf2 its own way.

fpdf2 (2.8) builds a structure tree for images' alternative text and outline sections only,
flat under /Document. `_Tree` takes its place in each document: elements nest (an item in
its list, a cell in its row in its table), and each page's marked content is numbered (MCID)
as it is drawn, each number's element listed in that order in the page's parent tree.

A printout says what it draws where that is more than a paragraph (`with
blocks.tagged("H2"):`). Text drawn outside such an element is a paragraph (P) of its own, or
part of the list item (LBody) or table row (TD) it is drawn in; lines and boxes drawn outside
one are artifacts, as is every page's footer. Items drawn one after another make one list,
rows one table. Only drawing is tagged: measuring draws nothing, and fpdf2's dry runs write
nothing (the `_out` they put in place is seen here too).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import fpdf.fpdf
from fpdf import FPDF
from fpdf.prefs import ViewerPreferences
from fpdf.structure_tree import StructureTreeBuilder
from fpdf.syntax import PDFArray, PDFObject, PDFString
from fpdf.table import Table

from recoverytui.core.i18n import language

# Elements that hold other elements only; any other holds what is drawn in it.
GROUPS = frozenset({"Document", "L", "LI", "Table", "TR"})
ARTIFACT = "Artifact"  # drawn, but not read: rules, boxes, bars, fold lines, the footer
# Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, …).
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


class _Elem(PDFObject):
    """A structure element: its type, its parent, and its kids in reading order (elements,
    and the numbers of its marked content on its page or, on another page, references)."""

    __slots__ = (
        "_id",
        "_kind",
        "_page_number",
        "_said",
        "a",
        "actual_text",
        "alt",
        "k",
        "p",
        "pg",
        "s",
        "type",
    )

    def __init__(self, kind: str, parent: PDFObject, page: int) -> None:
        super().__init__()
        self.type = "/StructElem"
        self.s = "/" + kind
        self._kind = kind
        self.p = parent
        self.k = PDFArray()
        self.pg: PDFObject | None = None  # the page of its first marked content
        self.a: str | None = None  # attributes: a column heading's scope
        self.alt: PDFString | None = None
        self.actual_text: PDFString | None = None
        self._page_number = page
        self._said: list[str] = []  # the text drawn in it, as it was typed

    def page_number(self) -> int:
        return self._page_number

    def serialize(self, obj_dict: Any = None, _security_handler: Any = None) -> str:
        """As fpdf2 writes an object, without looking through every attribute for what to
        write: a sheet has some two hundred elements."""
        lines = [f"{self.id} 0 obj", "<<", f"/Type {self.type}", f"/S {self.s}", f"/P {self.p.ref}"]
        if self.pg is not None:
            lines.append(f"/Pg {self.pg.ref}")
        kids = (
            str(kid) if isinstance(kid, int) else kid.ref if isinstance(kid, PDFObject)
            else kid.serialize()
            for kid in self.k
        )  # fmt: skip
        lines.append(f"/K [{' '.join(kids)}]")
        said = " ".join(self._said)
        if self.actual_text is None and self.alt is None and _RIGHT_TO_LEFT.search(said):
            # Shaped right-to-left text is drawn in the order it is seen; read it as typed.
            self.actual_text = PDFString(said)
        if self.a is not None:
            lines.append(f"/A {self.a}")
        for key, text in (("/Alt", self.alt), ("/ActualText", self.actual_text)):
            if text is not None:
                said = text.serialize(_security_handler=_security_handler, _obj_id=self.id)
                lines.append(f"{key} {said}")
        lines += [">>", "endobj"]
        return "\n".join(lines)


class _Reference:
    """Marked content of an element on another page than its first (a paragraph carried
    over a page break)."""

    __slots__ = ("mcid", "page")

    def __init__(self, page: PDFObject, mcid: int) -> None:
        self.page, self.mcid = page, mcid

    def serialize(self, *_: Any, **__: Any) -> str:
        return f"<</Type /MCR /Pg {self.page.ref} /MCID {self.mcid}>>"


class _Tree(StructureTreeBuilder):
    """The document's structure as it is drawn: the elements open (outermost first), and
    the marked content open in the page's content stream, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[_Elem | str] = []  # an element, or ARTIFACT
        self.marking: _Elem | str | None = None  # whose marked content is open
        self.paused: _Elem | None = None  # marked content cut short by a page's end
        self.mcids: dict[int, int] = {}  # page -> the next MCID on it
        self.in_draw = 0  # > 0 inside one of the document's drawing calls

    # fpdf2's own marked content (alternative text of images, outline sections), numbered
    # with ours: not drawn in the printouts today.
    def next_mcid_for_page(self, page_number: int) -> int:
        return self.mcids.get(page_number, 0)

    def add_marked_content(self, page_number: int, *args: Any, **kwargs: Any) -> Any:
        struct_elem, spid = super().add_marked_content(page_number, *args, **kwargs)
        self.mcids[page_number] = self.mcids.get(page_number, 0) + 1
        return struct_elem, spid

    def __iter__(self) -> Iterator[PDFObject]:
        yield self.struct_tree_root
        yield self.doc_struct_elem
        yield self.struct_tree_root.parent_tree
        stack = list(reversed(self.doc_struct_elem.k))  # every element, parents first
        while stack:
            elem = stack.pop()
            yield elem
            stack += [kid for kid in reversed(elem.k) if isinstance(kid, PDFObject)]

    # Elements ---------------------------------------------------------------------------

    def begin(self, pdf: FPDF, kind: str, *, ahead: bool = False, **entries: str) -> None:
        self.end_marking(pdf)
        if kind == ARTIFACT:
            self.open.append(ARTIFACT)
            return
        parent = self.parent()
        if parent.s == "/LI" and kind not in ("Lbl", "LBody"):
            parent = self.body(parent)  # a list in an item: in its body
        if kind == "LI" and parent.s != "/L":
            parent = self.grouped(pdf, parent, "L")
        elif kind == "TR" and parent.s != "/Table":
            parent = self.grouped(pdf, parent, "Table")
        first = kind == "Lbl" and parent.s == "/LI"  # an item's label comes first, drawn or not
        elem = self.child(pdf, parent, kind, first=first, ahead=ahead)
        if kind == "TH":
            elem.a = "<</O /Table /Scope /Column>>"
        for name, value in entries.items():
            setattr(elem, name, PDFString(value))
        self.open.append(elem)

    def end(self, pdf: FPDF) -> None:
        self.end_marking(pdf)
        self.open.pop()

    def parent(self) -> Any:
        for elem in reversed(self.open):
            if isinstance(elem, _Elem):
                return elem
        return self.doc_struct_elem

    def child(self, pdf: FPDF, parent: Any, kind: str, *, first: bool = False,
              ahead: bool = False) -> _Elem:  # fmt: skip
        elem = _Elem(kind, parent, pdf.page)
        kids = parent.k
        if first:
            kids.insert(0, elem)
        elif ahead:  # before the element drawn just before it
            at = max((i for i, kid in enumerate(kids) if isinstance(kid, PDFObject)), default=0)
            kids.insert(at, elem)
        else:
            kids.append(elem)
        return elem

    def grouped(self, pdf: FPDF, parent: Any, kind: str) -> _Elem:
        """The list (or table) the item (or row) before this one is in, if it came just
        before; else a new one."""
        last = parent.k[-1] if parent.k else None
        if isinstance(last, _Elem) and last._kind == kind:
            return last
        return self.child(pdf, parent, kind)

    def body(self, item: _Elem) -> _Elem:
        for kid in item.k:
            if isinstance(kid, _Elem) and kid._kind == "LBody":
                return kid
        elem = _Elem("LBody", item, item.page_number())
        item.k.append(elem)
        return elem

    # What is drawn ------------------------------------------------------------------------

    def drawing(self, pdf: FPDF, *, text: bool) -> None:
        """Mark what one drawing call is about to draw: in the element open, or as a
        paragraph (a cell, an item's body) or an artifact of its own."""
        top = self.open[-1] if self.open else None
        if top == ARTIFACT:
            self.mark(pdf, ARTIFACT)
        elif isinstance(top, _Elem) and top._kind not in GROUPS:
            self.mark(pdf, top)
        elif not text:  # a line or a box in a list, a row or none: not read
            self.mark(pdf, ARTIFACT)
        elif isinstance(top, _Elem) and top._kind == "LI":
            self.mark(pdf, self.body(top))
        else:
            parent = top if isinstance(top, _Elem) else self.doc_struct_elem
            kind = "TD" if parent.s == "/TR" else "P"
            if parent.s == "/L":  # text in a list, not in an item of it: an item of its own
                parent = self.child(pdf, parent, "LI")
                kind = "LBody"
            self.mark(pdf, self.child(pdf, parent, kind))

    def mark(self, pdf: FPDF, owner: _Elem | str) -> None:
        """Open marked content for `owner`, unless it is open already."""
        if self.marking is owner:
            return
        end = "EMC\n" if self.marking is not None else ""
        self.marking = owner
        if owner == ARTIFACT:
            pdf._out(f"{end}/Artifact BMC")
            return
        assert isinstance(owner, _Elem)
        page = pdf.page
        mcid = self.mcids.get(page, 0)
        self.mcids[page] = mcid + 1
        spid = self.spid_per_page_number.setdefault(page, len(self.spid_per_page_number))
        self.struct_tree_root.parent_tree.nums[spid].append(owner)
        page_obj = pdf.pages[page]
        page_obj.struct_parents = spid
        if owner.pg is None:
            owner.pg, owner._page_number = page_obj, page
        owner.k.append(mcid if owner.pg is page_obj else _Reference(page_obj, mcid))
        pdf._out(f"{end}/{owner._kind} <</MCID {mcid}>> BDC")

    def end_marking(self, pdf: FPDF) -> None:
        if self.marking is not None:
            pdf._out("EMC")
            self.marking = None

    def page_ends(self, pdf: FPDF) -> None:
        """Close the marked content before the footer; what was being drawn goes on on the
        next page (a paragraph broken over the page)."""
        owner = self.marking
        self.end_marking(pdf)
        self.paused = owner if isinstance(owner, _Elem) and self.in_draw else None

    def page_begins(self, pdf: FPDF) -> None:
        if self.paused is not None:
            self.mark(pdf, self.paused)
            self.paused = None


def _writing(pdf: FPDF) -> bool:
    """False while fpdf2 measures by drawing with its output turned off (a dry run)."""
    return "_out" not in vars(pdf)


def _tree(pdf: FPDF) -> _Tree | None:
    tree = pdf.struct_builder
    return tree if isinstance(tree, _Tree) and _writing(pdf) and not pdf.in_footer else None


class tagged:  # used as a function: `with tagged(pdf, "H2"):`
    """What is drawn inside is one element of `kind` (H1, P, LI, Figure, …, or ARTIFACT),
    nested in the one open. `ahead` puts it before the element drawn just before it (the
    reading order differs from the drawing order); `entries` are the element's alt or
    actual_text."""

    __slots__ = ("ahead", "entries", "kind", "pdf", "tree")

    def __init__(self, pdf: FPDF, kind: str, *, ahead: bool = False, **entries: str) -> None:
        self.pdf, self.kind, self.ahead, self.entries = pdf, kind, ahead, entries

    def __enter__(self) -> None:
        self.tree = _tree(self.pdf)
        if self.tree is not None:
            self.tree.begin(self.pdf, self.kind, ahead=self.ahead, **self.entries)

    def __exit__(self, *_: object) -> None:
        if self.tree is not None:
            self.tree.end(self.pdf)


_Method = TypeVar("_Method", bound=Callable[..., Any])


def tagged_as(kind: str, **entries: Callable[..., str]) -> Callable[[_Method], _Method]:
    """A drawing method of `_Blocks` that draws one element of `kind`, when it draws; an
    entry (alt, actual_text) is worked out from the method's arguments."""

    def decorate(method: _Method) -> _Method:
        @functools.wraps(method)
        def drawn(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not self.drawing:
                return method(self, *args, **kwargs)
            said = {name: value(self, *args, **kwargs) for name, value in entries.items()}
            with tagged(self.pdf, kind, ahead=False, **said):
                return method(self, *args, **kwargs)

        return drawn  # type: ignore[return-value]

    return decorate


_Item = TypeVar("_Item")


def each_tagged(pdf: FPDF, kind: str, items: Iterable[_Item], drawing: bool) -> Iterator[_Item]:
    """`items`, each drawn (the loop's body) as one element of `kind`."""
    for item in items:
        if drawing:
            with tagged(pdf, kind):
                yield item
        else:
            yield item


class Tagged(FPDF):
    """A document whose drawing is tagged (see the module's docstring), in the language the
    printout is made in, whose viewer shows its title rather than its file name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.struct_builder = _Tree()
        self.set_lang(language())
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)

    def _drawn(self, draw: Callable[..., Any], text: bool, args: Any, kwargs: Any) -> Any:
        tree = _tree(self)
        if tree is None or kwargs.get("dry_run"):
            return draw(*args, **kwargs)
        tree.drawing(self, text=text)
        if text and isinstance(tree.marking, _Elem):
            tree.marking._said.append(kwargs.get("text", args[2] if len(args) > 2 else ""))
        tree.in_draw += 1
        try:
            return draw(*args, **kwargs)
        finally:
            tree.in_draw -= 1

    def cell(self, *args: Any, **kwargs: Any) -> Any:
        return self._drawn(super().cell, True, args, kwargs)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        return self._drawn(super().multi_cell, True, args, kwargs)

    def line(self, *args: Any, **kwargs: Any) -> None:
        self._drawn(super().line, False, args, kwargs)

    def rect(self, *args: Any, **kwargs: Any) -> None:
        self._drawn(super().rect, False, args, kwargs)

    def _render_footer(self) -> None:
        tree = _tree(self)
        if tree is None:
            return super()._render_footer()
        tree.page_ends(self)
        if type(self).footer is FPDF.footer:  # none drawn
            return super()._render_footer()
        self._out("/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
        super()._render_footer()
        self._out("EMC")
        return None

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        super().add_page(*args, **kwargs)
        tree = _tree(self)
        if tree is not None:
            tree.page_begins(self)


class _Table(Table):
    """fpdf2's table, tagged: a Table of rows (TR) of heading (TH) and data (TD) cells."""

    def render(self) -> None:
        with tagged(self._fpdf, "Table"):
            super().render()

    def _render_table_row(self, i: int, *args: Any, **kwargs: Any) -> None:
        with tagged(self._fpdf, "TR"):
            super()._render_table_row(i, *args, **kwargs)

    def _render_table_cell(self, i: int, j: int, cell: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("cell_height_info") is None:  # only measured
            return super()._render_table_cell(i, j, cell, *args, **kwargs)
        pdf = self._fpdf
        with tagged(pdf, "TH" if i < self._num_heading_rows else "TD"):
            tree = _tree(pdf)
            if tree is not None:  # its box and fill, drawn first, are the cell's too
                tree.mark(pdf, tree.parent())
            return super()._render_table_cell(i, j, cell, *args, **kwargs)


# FPDF.table() makes its table by this name.
fpdf.fpdf.Table = _Table  # type: ignore[misc]
