# The bokmål for the msgids section 8 (Who helps) brings; merged into the catalogue by hand.
TR = {
    "Who takes part in the plan: the client, the people close to them and the services, each "
    "with what they bring. One of them coordinates the plan.": "Hvem som er med i planen: brukeren, "
    "de som står brukeren nær, og tjenestene, hver med det de bidrar med. En av dem er koordinator "
    "for planen.",
    "What is done for the client, how much, and who is responsible for it, with the goals it "
    "serves.": "Hva som gjøres for brukeren, hvor mye, og hvem som er ansvarlig, med målene det "
    "hjelper mot.",
    "Each time the plan was gone through together: when, who was there, and what was agreed.": "Hver "
    "gang planen ble gått gjennom sammen: når, hvem som var med, og hva som ble avtalt.",
    "Participants": "Deltakere",
    "Role": "Rolle",
    "Organisation": "Virksomhet",
    "What they contribute": "Hva de bidrar med",
    "Measures": "Tiltak",
    "Responsible": "Ansvarlig",
    "Extent": "Omfang",
    "From – until": "Fra – til",
    "Revisions held": "Revisjoner",
    "Who was there": "Hvem som var med",
    "Add to the part under the cursor: a participant, a measure, a revision.": "Legg til i delen "
    "under markøren: en deltaker, et tiltak, en revisjon.",
    "Change the participant or measure under the cursor.": "Endre deltakeren eller tiltaket under "
    "markøren.",
    "Take the participant out of the plan (press twice); the history keeps it.": "Ta deltakeren ut "
    "av planen (trykk to ganger); historikken tar vare på det.",
    "Say where the measure stands: planned, under way or ended.": "Si hvor tiltaket står: "
    "planlagt, i gang eller avsluttet.",
    "Record revision": "Registrer revisjon",
    "We went through the plan together: when, who was there, what was agreed.": "Vi gikk gjennom "
    "planen sammen: når, hvem som var med, hva som ble avtalt.",
    "Add participant": "Legg til deltaker",
    "Someone who takes part in the plan, and what they bring.": "En som er med i planen, og hva "
    "de bidrar med.",
    "Add measure": "Legg til tiltak",
    "Something done for the client, and who is responsible for it.": "Noe som gjøres for "
    "brukeren, og hvem som er ansvarlig.",
    "Plan period": "Planperiode",
    "When the plan starts and ends, and when it is next revised.": "Når planen begynner og "
    "slutter, og når den skal revideres neste gang.",
    "Plan {period}": "Plan {period}",
    "next revision by {date}": "neste revisjon innen {date}",
    "No plan period set yet": "Ingen planperiode satt ennå",
    "participant {number}": "deltaker {number}",
    "Press a to add, or use the buttons above.": "Trykk a for å legge til, eller bruk knappene "
    "over.",
    "Coordinates the plan.": "Er koordinator for planen.",
    "Contributes: {words}": "Bidrar med: {words}",
    "Responsible for: {measures}": "Ansvarlig for: {measures}",
    "Responsible: {name}": "Ansvarlig: {name}",
    "Extent: {extent}": "Omfang: {extent}",
    "How: {how}": "Hvordan: {how}",
    "Serves goal {number}: {title}": "Hjelper mot mål {number}: {title}",
    "Who was there: {names}": "Med var: {names}",
    "A revision held stays as it was recorded.": "En revisjon står slik den ble registrert.",
    "A measure is not taken out: mark it ended, and the plan keeps it.": "Et tiltak tas ikke ut: "
    "merk det som avsluttet, så tar planen vare på det.",
    "Put the cursor on a participant to take them out.": "Sett markøren på en deltaker for å ta "
    "dem ut.",
    "{name} is responsible for measure {numbers}. Give it to someone else first: change the "
    "measure.": "{name} er ansvarlig for tiltak {numbers}. Gi det til en annen først: endre "
    "tiltaket.",
    "Press x (or Remove) again to take {name} out. The history keeps it.": "Trykk x (eller Fjern) "
    "igjen for å ta {name} ut. Historikken tar vare på det.",
    "Put the cursor on a measure to say where it stands.": "Sett markøren på et tiltak for å si "
    "hvor det står.",
    "Measure {number}: where it stands": "Tiltak {number}: hvor det står",
    "Measure {number} is {status} now.": "Tiltak {number} er {status} nå.",
    "Change participant {number}": "Endre deltaker {number}",
    "Role (GP, NAV, brother, …)": "Rolle (fastlege, NAV, bror, …)",
    "Coordinates the plan": "Er koordinator for planen",
    "Change measure {number}": "Endre tiltak {number}",
    "The measure": "Tiltaket",
    "Who is responsible": "Hvem som er ansvarlig",
    "as the dates say": "slik datoene sier",
    "Extent (two visits a week, …)": "Omfang (to besøk i uka, …)",
    "From (a date; empty for none)": "Fra (en dato; tomt for ingen)",
    "Until (a date; empty for none)": "Til (en dato; tomt for ingen)",
    "How it is done": "Hvordan det gjøres",
    "The goals it serves": "Målene det hjelper mot",
    "The plan starts (a date; empty for none)": "Planen begynner (en dato; tomt for ingen)",
    "The plan ends": "Planen slutter",
    "Revise it by": "Revider den innen",
    "We went through the plan together": "Vi gikk gjennom planen sammen",
    "What was agreed": "Hva som ble avtalt",
    "Revise it again by (empty: in six months)": "Revider den igjen innen (tomt: om et halvt år)",
    "{role}, coordinator": "{role}, koordinator",
    "Who helps": "Hvem hjelper",
    "The individual plan: who takes part, the measures, the revisions.": "Den individuelle planen: "
    "hvem som er med, tiltakene, revisjonene.",
    "participant: add": "deltaker: legg til",
    "measure: add": "tiltak: legg til",
    "plan: revision held": "plan: registrer revisjon",
    "plan: period": "plan: planperiode",
    "Next plan revision by {date}": "Neste revisjon av planen innen {date}",
}
