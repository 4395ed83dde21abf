# New msgids of `recovery report plan` and the weekly sheet's plan period, with their bokmål.
# ngettext: the key is the singular msgid, the value (singular, plural).
TR = {
    "Contributes": "Bidrar med",
    "Contributes: {text}": "Bidrar med: {text}",
    "For goal": ("For mål", "For mål"),
    "Goals reached, and what I do on my own, will be written here.": (
        "Mål som er nådd, og det jeg gjør på egen hånd, skrives her."
    ),
    "How": "Hvordan",
    "Individual plan": "Individuell plan",
    "Individual plan: {name}": "Individuell plan: {name}",
    "Measures": "Tiltak",
    "Next revision by {date}": "Neste revisjon innen {date}",
    "No basic-needs checklist yet.": "Ingen sjekkliste for grunnleggende behov ennå.",
    "No measures agreed yet.": "Ingen tiltak avtalt ennå.",
    "No participants named yet.": "Ingen deltakere ført opp ennå.",
    "No plan period set yet": "Ingen planperiode satt ennå",
    "No small goals written down yet.": "Ingen små mål skrevet ned ennå.",
    "Only a Markdown or text plan can go to the terminal (-o -), without --json.": (
        "Bare en plan i Markdown eller tekst kan gå til terminalen (-o -), uten --json."
    ),
    "Participants": "Deltakere",
    "Place and date": "Sted og dato",
    "Plan period from {start}": "Planperiode fra {start}",
    "Plan period until {end}": "Planperiode til {end}",
    "Plan period {start} – {end}": "Planperiode {start} – {end}",
    "Present: {names}": "Til stede: {names}",
    "Print the crisis plan with it; the client decides each time.": (
        "Skriv ut kriseplanen sammen med den; brukeren bestemmer hver gang."
    ),
    "Printouts: the weekly progress sheet, the crisis plan and the individual plan.": (
        "Utskrifter: ukearket med framgang, kriseplanen og den individuelle planen."
    ),
    "Resources": "Ressurser",
    "Revisions": "Revisjoner",
    "Signature": "Underskrift",
    "The file to write, or - for the terminal (md and txt). Default: "
    "<handle>-plan.<format> in the current folder.": (
        "Filen som skal skrives, eller - for terminalen (md og txt). Standard: "
        "<kortnavn>-plan.<format> i mappen du står i."
    ),
    "The plan has not been revised yet.": "Planen er ikke revidert ennå.",
    "What I already manage: goals reached, and everyday tasks I do on my own.": (
        "Det jeg allerede mestrer: mål som er nådd, og hverdagsoppgaver jeg gjør på egen hånd."
    ),
    "Write the whole individual plan: goals, resources, needs, the ladder, participants, "
    "measures and revisions, with places to sign.": (
        "Skriv ut hele den individuelle planen: mål, ressurser, behov, stigen, deltakere, "
        "tiltak og revisjoner, med plass til underskrift."
    ),
    "not named yet": "ikke ført opp ennå",
    "{area}: {step}": "{area}: {step}",
    "{client}: individual plan written to {path}": "{client}: individuell plan skrevet til {path}",
    "{start} – {end}": "{start} – {end}",
    "★ {title}": "★ {title}",
}
