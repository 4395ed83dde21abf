"""Bokmål for the sentences the caseload's "what is due" added (issue 15, item 7).

For the merge to put into locale/nb/LC_MESSAGES/recoverytui.po (then `make catalogue`).
For ngettext the key is the singular msgid and the value (singular, plural).
"Tiltak" is kept for the plan's measures (the participants/measures work on main), so a
need's agreed action past its date is "avtale" here.
"""

TR = {
    "Actions past date": "Avtaler forbi datoen",
    "Caseload · week {week} · sorted by {order}": "Brukerliste · uke {week} · sortert etter {order}",
    "Close recoverytui. Esc first clears what was typed to find.": (
        "Lukk recoverytui. Esc tømmer først det som er skrevet i søket."
    ),
    "Find": "Finn",
    "Find a client: type part of a name or handle": "Finn en bruker: skriv en del av navn eller kortnavn",
    "Last check-in": "Siste innsjekk",
    "Last review": "Siste ukesamtale",
    "Move to the next client in the list.": "Gå til neste bruker i lista.",
    "Move to the previous client in the list.": "Gå til forrige bruker i lista.",
    "Next client": "Neste bruker",
    "Previous client": "Forrige bruker",
    "Revise plan by": "Plan revideres innen",
    "Sort": "Sorter",
    "Sort by name, or by what is due first. A click on a heading sorts by it.": (
        "Sorter etter navn, eller etter det som er på tide først. Et klikk på en overskrift "
        "sorterer etter den."
    ),
    "Type part of a name or handle to show only those clients.": (
        "Skriv en del av et navn eller kortnavn for å vise bare de brukerne."
    ),
    "What is due, per client: who coordinates, when the plan and the crisis plan are to be "
    "gone through, the last weekly review and check-in, and agreed actions past their date.": (
        "Det som er på tide, per bruker: hvem som er koordinator, når planen og kriseplanen "
        "skal gås gjennom, siste ukesamtale og innsjekk, og avtaler som er forbi datoen sin."
    ),
    "caseload: sort by name, or by what is due first": (
        "brukerliste: sorter etter navn, eller etter det som er på tide først"
    ),
    "reading…": "leser…",
    "under a week ago": "for under en uke siden",
    "what is due first": "det som er på tide først",
    "{name} (can't be read just now; see recovery doctor)": (
        "{name} (kan ikke leses akkurat nå; se recovery doctor)"
    ),
    "{n} week ago": ("for {n} uke siden", "for {n} uker siden"),
}
