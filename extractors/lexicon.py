"""Rules as data: the word lists that speaker parsing and segmentation share.

Every list here is plain data (tuples/dicts of strings) with a docstring saying what it
means and where it is used. Matching helpers at the bottom (`is_break`, `is_tbc`,
`role_for`, ...) are the only code; they compare case-insensitively on normalised text.
Languages: English, French, Spanish. Add words here, not in the parsing code.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

HONORIFICS: tuple[str, ...] = (
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Dra", "Dra.", "Drs.",
    "Prof", "Prof.", "Professor", "Profs.", "H.E.", "Mme", "Mme.", "Mmes", "Mlle",
    "Sr.", "Sra.", "Srta.", "Justice", "Hon.", "Hon", "Sir", "Dame", "Pr.",
    "Ing.", "Lic.", "Mtro.", "Mtra.",
    # academic and professional prefixes of Spanish, Portuguese, Italian and German programmes,
    # with the feminine forms printed with a superscript or final "a" ("Prof.ª", "Profa.")
    "Profa.", "Prof.ª", "Profª", "Prof.a", "Dr.ª", "Drª", "Dra.ª", "Lic.ª", "Licda.", "Licdo.",
    "Ing.ª", "Inga.", "Mgter.", "Mgtr.", "Mg.", "Esp.", "Arq.", "Abog.", "Eng.", "Engr.",
    "Dott.", "Dott.ssa", "Prof.ssa", "Avv.", "Mag.", "Dipl.-Ing.", "Univ.-Prof.",
    "MSc.", "M.Sc.", "MSc", "Mx.", "Rev.", "Revd.",
)
"""Honorifics and academic titles printed before a name. They are stripped from `name`
and nothing else is recorded for them (only when a name follows them)."""

HONORIFICS_BY_LANG: dict[str, tuple[str, ...]] = {"fr": ("M.", "MM.", "Pr")}
"""Honorifics that are ambiguous elsewhere: French "M." (Monsieur) is an initial in
English ("M. Cristina Trueba")."""

NAME_PARTICLES: frozenset[str] = frozenset({
    "van", "von", "de", "da", "das", "do", "dos", "del", "della", "der", "den", "di", "du",
    "la", "le", "bin", "binti", "ibn", "al", "el", "y", "ter", "ten", "zu", "op", "'t",
})
"""Lower-case words allowed inside a person name ("Edward van Asch", "Juan Pablo De la
Fuente"); any other lower-case word makes a chunk not a name. "al-" prefixes are tokens of
their own ("al-Rashid") and pass as hyphenated capitalised tokens."""

STOP_WORDS: frozenset[str] = frozenset({
    # English
    "a", "an", "the", "of", "and", "or", "for", "in", "on", "with", "to", "from", "by", "at",
    "as", "into", "about", "how", "what", "why", "is", "are", "be", "its", "our", "your",
    "new", "vs", "via", "towards", "between", "through", "using", "this", "that",
    # French
    "et", "ou", "les", "des", "pour", "dans", "sur", "avec", "au", "aux", "un", "une",
    "en", "par", "qui", "que", "est", "son", "sa", "ses",
    # Spanish
    "e", "o", "los", "las", "para", "con", "en", "por", "una", "sobre", "desde", "es",
})
"""Function words that never occur in a person name (name particles are separate)."""

TITLE_WORDS: frozenset[str] = frozenset({
    "opening", "closing", "remarks", "welcome", "introduction", "introductions", "keynote",
    "discussion", "discussions", "session", "sessions", "panel", "plenary", "workshop",
    "update", "updates", "overview", "report", "reports", "summary", "conclusion",
    "conclusions", "results", "analysis", "model", "models", "assessment", "assessments",
    "data", "research", "project", "projects", "development", "review", "presentation",
    "presentations", "break", "lunch", "dinner", "reception", "registration", "photo",
    "wrap-up", "questions", "answers", "case", "study", "studies", "lessons", "tools",
    "resolutions", "decisions", "cooperation", "activities", "challenges", "opportunities",
    "outcomes", "perspectives", "perspective", "trends", "approach", "approaches", "time",
    "address", "speech", "talk", "talks", "lecture", "tutorial", "demo", "demos", "poster",
    "posters", "award", "awards", "ceremony", "day", "morning", "afternoon", "evening",
    "remote", "online", "live", "video", "recap", "agenda", "status", "note", "notes",
    "follow-up", "next", "steps", "group", "groups", "roundtable", "battle", "game",
    "ouverture", "clôture", "cloture", "accueil", "pause", "table", "ronde", "atelier",
    "bienvenue", "conclusion", "mot", "inauguración", "inauguracion", "clausura", "mesa",
    "redonda", "palabras", "cierre", "bienvenida", "conferencia", "ceremonia",
    # frequent words of talk titles
    "learning", "deep", "machine", "intelligence", "artificial", "networks", "systems",
    "system", "methods", "method", "representations", "representation", "framework",
    "science", "sciences", "engineering", "modelling", "modeling", "management", "policy",
    "future", "challenge", "impact", "impacts", "evaluation", "design", "applications",
    "application", "innovation", "innovations", "retrieval", "classification", "detection",
    "recognition", "processing", "language", "vision", "security", "health", "climate",
    "change", "water", "energy", "history", "theory", "introducción", "perspectivas",
})
"""Capitalised words that make a chunk a title, not a person ("Opening Remarks", "Group
Photo"): spaCy's small models tag such two-word chunks PERSON."""

ORG_KEYWORDS: frozenset[str] = frozenset({
    # institution words of Portuguese, Italian, French and German programmes
    "faculdade", "faculté", "escola", "università", "hôpital", "ospedale", "istituto", "associação",
    "laboratório", "laboratorio", "ministério", "câmara", "unidade", "serviço", "dipartimento",
    "fakultät", "hochschule", "klinikum", "zentrum", "verband", "faculdades", "escolas",
    "banque", "banco", "fondazione", "caisse", "compagnie", "sociedade", "società", "agência",
    "agenzia", "conselho", "consiglio", "comissão", "commissione", "kommission", "observatorio",
    "museu", "bibliothek",
    # English
    "university", "univ", "univ.", "college", "school", "institute", "institution",
    "ministry", "minister", "office", "agency", "network", "secretariat", "police",
    "customs", "service", "services", "department", "dept", "dept.", "centre", "center",
    "council", "commission", "committee", "foundation", "association", "society",
    "academy", "authority", "bureau", "bureaus", "programme", "program", "organisation",
    "organization", "company", "corporation", "corp", "corp.", "inc", "inc.", "ltd",
    "ltd.", "llc", "gmbh", "plc", "bank", "laboratory", "laboratories", "lab", "labs",
    "hospital", "unit", "division", "directorate", "government", "embassy", "trust",
    "fund", "alliance", "federation", "union", "court", "tribunal", "airlines", "airways",
    "solutions", "technologies", "technology", "group", "consortium", "observatory",
    "museum", "library", "faculty", "initiative", "partnership", "forum", "agence",
    "archives", "archive", "library", "libraries", "museum", "museums", "observatory",
    # German, Dutch and Nordic
    "universität", "universitat", "universiteit", "universitet", "stiftung", "gesellschaft", "bundesamt",
    "institutet", "högskola", "hogskola", "hogeschool",
    # Spanish and Portuguese
    "biblioteca", "archivo", "museo", "ayuntamiento", "secretaría", "secretaria", "dirección",
    "consejo", "comisión", "comision", "servicio", "oficina", "centro", "universidade", "fundação",
    # French
    "bibliothèque", "bibliotheque", "médiathèque", "mediatheque", "musée", "musee", "mairie",
    "préfecture", "prefecture", "région", "region", "observatoire", "archives",
    "université", "universite", "ministère", "ministere", "institut", "école", "ecole",
    "centre", "conseil", "direction", "agence", "fondation", "association", "laboratoire",
    "société", "societe", "bureau", "organisation", "commission", "comité", "comite",
    # Spanish / Portuguese
    "universidad", "universidade", "ministerio", "instituto", "centro", "escuela",
    "facultad", "fac.", "fundación", "fundacion", "asociación", "asociacion", "consejo",
    "departamento", "unidad", "división", "division", "programa", "comisión", "comision",
    "sociedad", "colegio", "servicio", "dirección", "direccion", "secretaría", "secretaria",
    "oficina", "agencia", "hospital", "clínica", "clinica", "empresa", "red",
})
"""Words that mark an organisation name (case-insensitive whole words)."""

KNOWN_ORGS: frozenset[str] = frozenset({
    "un", "unodc", "interpol", "europol", "wco", "cites", "traffic", "wwf", "iucn", "unep",
    "undp", "unesco", "unicef", "who", "fao", "wto", "oecd", "eu", "ec", "au", "asean",
    "nato", "nasa", "noaa", "esa", "dlr", "cnrs", "inserm", "inria", "mit", "ietf", "ieee",
    "acm", "google", "microsoft", "amazon", "meta", "ibm", "airbus", "boeing", "usfws",
    "usaid", "world bank", "imf", "iaea", "ilo", "unhcr", "ohchr", "undoc", "icao", "imo",
    "itu", "wipo", "unfccc", "ipcc", "spc", "wcpfc", "iattc", "iccat", "icmbio",
})
"""Organisations recognised by name alone (lower-case), for org-only presenters."""

JOB_WORDS: frozenset[str] = frozenset({
    "administrator", "governor", "chancellor", "provost", "mayor", "editor", "curator", "partner",
    # professions printed as credentials ("Pablo Rivas (Ingeniero civil)"): not organisations
    "ingeniero", "ingeniera", "ingénieur", "ingénieure", "economist", "economista", "économiste",
    "lawyer", "abogado", "abogada", "avocat", "avocate", "physician", "médico", "médica", "médecin",
    "architect", "arquitecto", "arquitecta", "architecte", "psychologist", "psicólogo", "psicóloga",
    "journalist", "periodista", "journaliste", "sociologist", "sociólogo", "socióloga",
    "biologist", "biólogo", "bióloga", "nurse", "enfermera", "enfermero", "historian", "historiador",
    "historiadora",
    "professor", "associate", "assistant", "adjunct", "emeritus", "lecturer", "reader",
    "director", "manager", "head", "chief", "officer", "vice", "deputy", "minister",
    "secretary", "secretary-general", "president", "vice-president", "ceo", "cto", "cfo",
    "founder", "co-founder", "student", "phd", "ph.d.", "postdoc", "postdoctoral",
    "researcher", "scientist", "engineer", "analyst", "consultant", "advisor", "adviser",
    "coordinator", "specialist", "fellow", "candidate", "senior", "junior", "lead",
    "principal", "executive", "dean", "rector", "chair", "chairman", "chairperson",
    "undergraduate", "graduate", "intern", "member", "expert", "representative",
    "ambassador", "commissioner", "inspector", "prosecutor", "judge", "attorney",
    "doctorant", "doctorante", "chercheur", "chercheuse", "maître", "maitre",
    "directeur", "directrice", "profesor", "profesora", "investigador", "investigadora",
    "director", "directora", "decano", "decana", "rector", "rectora", "estudiante",
})
"""Job-title words ("Associate Professor", "Vice Minister of ..."): a chunk made of them
between a name and an organisation is a job title, left out of the affiliation."""

NAME_LIKE_WORDS: frozenset[str] = frozenset({
    "dean", "head", "lead", "chief", "reader", "fellow", "member", "judge", "senior",
    "junior", "bank", "court", "union", "trust", "fund", "lab", "unit", "forum", "red",
    "king", "bishop", "marshall", "mayor", "major", "chancellor", "baker", "cook",
    "service", "park", "hospital", "law", "centre", "center", "chair", "may", "rector",
})
"""Organisation or job words that are also common surnames or given names ("Tom Dean",
"Sang Yong Park"): they only weaken a person reading (NER then decides)."""

PREFIX_ROLES: dict[str, str] = {
    "chair": "Chair", "chairman": "Chair", "chairwoman": "Chair", "chairperson": "Chair",
    "co-chair": "Co-chair", "moderator": "Moderator", "rapporteur": "Rapporteur",
    "rector": "Rector", "rectora": "Rector", "président": "President",
    "president": "President", "director": "Director", "directora": "Director",
    "directeur": "Director", "directrice": "Director", "head": "Head", "dean": "Dean",
    "decano": "Dean", "decana": "Dean", "coordinator": "Coordinator",
}
"""Role words printed before an organisation ("Chair INTERPOL WCWG", "Rector U Cuenca"),
with their English form."""

CONFERENCE_ROLES: frozenset[str] = frozenset({
    "Chair", "Co-chair", "Moderator", "Rapporteur", "Discussant", "Keynote", "Panelist",
})
"""Roles about the meeting itself: kept on a speaker even when a name is printed (a job
title such as "Director" is dropped when a name is printed)."""

ROLE_LABELS: dict[str, str] = {
    # English
    "chair": "Chair", "chairs": "Chair", "chair(s)": "Chair", "chairperson": "Chair",
    "chairpersons": "Chair", "chairman": "Chair", "chairwoman": "Chair",
    "co-chair": "Chair", "co-chairs": "Chair", "cochairs": "Chair", "session chair": "Chair",
    "session chairs": "Chair", "chaired by": "Chair",
    "moderator": "Moderator", "moderators": "Moderator", "moderated by": "Moderator",
    "facilitator": "Moderator", "facilitators": "Moderator", "facilitated by": "Moderator",
    "panelist": "Panelist", "panelists": "Panelist", "panellist": "Panelist",
    "panellists": "Panelist", "participants": "Panelist",
    "discussant": "Discussant", "discussants": "Discussant",
    "rapporteur": "Rapporteur", "rapporteurs": "Rapporteur",
    "keynote": "Keynote", "keynote speaker": "Keynote", "keynote speakers": "Keynote",
    "keynote speech": "Keynote", "keynote address": "Keynote", "keynote lecture": "Keynote",
    "key note": "Keynote", "key note address": "Keynote", "key note speaker": "Keynote",
    "speaker": "Speaker", "speakers": "Speaker", "presenter": "Speaker",
    "presenters": "Speaker", "presented by": "Speaker", "by": "Speaker",
    "author": "Speaker", "authors": "Speaker", "author(s)": "Speaker",
    # French
    "président": "Chair", "présidente": "Chair", "président·e": "Chair",
    "président.e": "Chair", "président(e)": "Chair", "présidence": "Chair",
    "présidents": "Chair", "modérateur": "Moderator", "modératrice": "Moderator",
    "modérateur·rice": "Moderator", "modérateurs": "Moderator", "animateur": "Moderator",
    "animatrice": "Moderator", "animé par": "Moderator", "discutant": "Discussant",
    "discutante": "Discussant", "discutant·e": "Discussant", "discutants": "Discussant",
    "intervenant": "Speaker", "intervenante": "Speaker", "intervenants": "Speaker",
    "intervenantes": "Speaker", "intervenant(e)s": "Speaker", "auteur": "Speaker", "auteurs": "Speaker", "intervenant·e·s": "Speaker",
    "intervenant·es": "Speaker", "conférencier": "Speaker", "conférencière": "Speaker",
    "orateur": "Speaker", "oratrice": "Speaker", "rapporteuse": "Rapporteur",
    "conférence plénière": "Keynote", "conférence inaugurale": "Keynote",
    # Spanish
    "moderador": "Moderator", "moderadora": "Moderator", "moderador(a)": "Moderator",
    "moderadores": "Moderator", "presidente": "Chair", "presidenta": "Chair",
    "ponente": "Speaker", "ponentes": "Speaker", "participan": "Panelist",
    "panelistas": "Panelist", "panelista": "Panelist", "comentarista": "Discussant",
    "comentaristas": "Discussant", "relator": "Rapporteur", "relatora": "Rapporteur",
    "conferencia": "Speaker", "conferencista": "Speaker", "expositor": "Speaker",
    "expositora": "Speaker", "expositores": "Speaker", "autor": "Speaker", "autora": "Speaker",
    "autores": "Speaker",
    "conferencia magistral": "Keynote", "conferencia inaugural": "Keynote",
    # Portuguese, Italian, German
    "moderação": "Moderator", "moderacao": "Moderator", "palestrante": "Speaker", "palestrantes": "Speaker",
    "oradores": "Speaker", "orador": "Speaker", "oradora": "Speaker", "comentador": "Discussant",
    "moderatore": "Moderator", "moderatrice": "Moderator", "relatore": "Speaker", "relatrice": "Speaker",
    "relatori": "Speaker", "coordina": "Chair", "coordinano": "Chair", "presiede": "Chair",
    "modera": "Moderator", "moderano": "Moderator", "interviene": "Speaker", "intervengono": "Speaker",
    "moderation": "Moderator", "vorsitz": "Chair", "referent": "Speaker",
    "referentin": "Speaker", "referenten": "Speaker", "referierende": "Speaker",
    "dozent": "Speaker", "dozentin": "Speaker", "dozenten": "Speaker", "dozentinnen": "Speaker",
    "vortragende": "Speaker", "vortragender": "Speaker",
}
"""Role labels printed before a colon ("Chair:", "Moderador:", "Président·e :"), in
lower case, with their English normalisation."""

UNRECORDED_ROLE_LABELS: frozenset[str] = frozenset({
    "speaker", "speakers", "presenter", "presenters", "presented by", "by",
    "author", "authors", "author(s)", "auteur", "auteurs", "autor", "autora", "autores",
    "palestrante", "palestrantes", "oradores", "orador", "oradora", "relatore", "relatrice", "relatori",
    "interviene", "intervengono",
    "referent", "referentin", "referenten", "referierende", "dozent", "dozentin", "dozenten", "dozentinnen",
    "vortragende", "vortragender",
    "intervenant", "intervenante", "intervenants", "intervenantes", "intervenant(e)s",
    "intervenant·e·s", "intervenant·es", "conférencier", "conférencière", "orateur",
    "oratrice", "ponente", "ponentes", "conferencia", "conferencista", "expositor",
    "expositora", "expositores", "participan", "participants",
})
"""Labels that only say "these people present" (or "take part"): their people get no
`role` (the annotators record none for "Participan:" or "Conferencia:")."""

CHAIR_ROLES: frozenset[str] = frozenset({"Chair", "Moderator"})
"""Normalised roles that chair or moderate a whole session."""

SLOT_WORDS: frozenset[str] = frozenset({
    "talk", "talks", "tutorial", "presentation", "lecture", "speech", "address", "demo", "poster",
    "panel", "session", "plenary", "workshop", "introduction", "paper", "ponencia", "charla", "palestra", "communication", "exposé", "vortrag", "relazione",
    "intervención", "intervention", "contribution", "seminar", "seminario", "conférence", "taller",
    "minicurso", "course", "curso", "lightning", "invited", "comunicación", "comunicação", "beitrag",
})
"""Words naming a programme slot in a numbered label ("Talk 3:", "Ponencia 2:", "Vortrag 3:"),
beside ROLE_LABELS ("Keynote") and SESSION_WORDS ("Lab")."""

KEYNOTE_PREFIXES: tuple[str, ...] = (
    "keynote speech by", "keynote lecture by", "keynote address by", "keynote talk by",
    "keynote by", "key note by", "key note address by", "keynote", "key note",
    "conferencia magistral", "conferencia inaugural", "conférence plénière",
    "conférence inaugurale", "plenary lecture by", "plenary talk by",
)
"""Phrases opening a keynote line ("Key note by Name (Affil): Title"): role Keynote."""

NON_SPEAKERS: frozenset[str] = frozenset({
    "chairs", "all", "all participants", "everyone", "participants", "tbc", "tbd", "tba",
    "to be confirmed", "to be determined", "to be announced", "à confirmer",
    "a confirmer", "à préciser", "por confirmar", "por definir", "group", "n/a", "na",
    "todos", "tous", "various", "organisers", "organizers", "staff",
})
"""Presenter cells that name nobody ("(Chairs)", "All", "TBC"): no speaker."""

TBC_WORDS: tuple[str, ...] = (
    "tbc", "tbd", "tba", "to be confirmed", "to be determined", "to be announced",
    "à confirmer", "a confirmer", "à préciser", "à définir", "por confirmar",
    "por definir", "a confirmar",
)
"""Words meaning "to be confirmed": editorial notes, not titles or speakers."""

BREAK_WORDS: tuple[str, ...] = (
    "coffee break", "coffee", "tea break", "tea", "break", "lunch", "lunch break",
    "networking lunch", "breakfast", "dinner", "gala dinner", "reception",
    "welcome reception", "cocktail", "registration", "arrival", "morning tea", "afternoon tea", "morning coffee", "meeting room open", "doors open", "end of day", "end of works", "end of workshop",
    "end of session", "group photo", "photo", "happy hour", "social event",
    "pause", "pause café", "pause-café", "pause midi", "pause déjeuner", "déjeuner",
    "dîner", "petit-déjeuner", "accueil café", "inscription", "inscriptions", "fin",
    "fin de journée", "fin première journée", "fin de la journée", "cocktail dînatoire",
    "pausa", "pausa café", "café", "almuerzo", "comida", "cena", "receso", "inscripción",
    "registro", "registro de participantes", "fin de la jornada", "meeting room open",
    "lunch + networking", "break + demos", "arrival + breakfast", "close of day",
    "close day",
    "check-in", "check in",  # arrival at a workshop or retreat: the registration slot by another name
    # German, Italian, Portuguese: the programmes of those languages print their breaks so
    "kaffeepause", "kaffee", "tee", "mittagspause", "mittagessen", "abendessen", "empfang",
    "pausa pranzo", "pranzo", "pausa caffè", "coffee-break", "cena sociale", "almoço", "intervalo",
    "jantar", "café da manhã",
)
"""Slots that are meals, breaks, registration or social events: not items (matched at
the start of a line, case-insensitively, followed by nothing but times/punctuation/notes)."""

SESSION_WORDS: tuple[str, ...] = (
    "session", "sessions", "parallel session", "parallel sessions", "plenary",
    "plenary session", "panel", "workshop", "track", "day", "lab", "séance", "jour",
    "atelier", "table ronde", "sesión", "sesion", "día", "dia", "mesa redonda", "jornada",
)
"""Words that open a session heading ("Session 2 –", "Panel B:", "Jour 1")."""

REGION_WORDS: tuple[str, ...] = (
    "Africa", "Asia", "Americas", "America", "Europe", "Oceania", "Middle East",
    "Asia-Pacific", "Asia Pacific", "Pacific", "Caribbean", "Latin America",
    "North America", "South America", "Central America", "Arctic", "Antarctica",
)
"""Region sub-headings that run into a preceding name in flattened text ("Chouaibou
Nchoutpouen Asia")."""

COUNTRIES: frozenset[str] = frozenset({
    "argentina", "australia", "austria", "belgium", "bolivia", "brazil", "canada", "chile",
    "china", "colombia", "denmark", "ecuador", "egypt", "ethiopia", "finland", "france",
    "germany", "ghana", "greece", "india", "indonesia", "ireland", "israel", "italy",
    "japan", "kenya", "korea", "malaysia", "mexico", "morocco", "netherlands",
    "new zealand", "nigeria", "norway", "pakistan", "paraguay", "peru", "philippines",
    "poland", "portugal", "russia", "senegal", "singapore", "south africa", "spain",
    "sweden", "switzerland", "tanzania", "thailand", "turkey", "uganda", "ukraine",
    "united kingdom", "united states", "uruguay", "venezuela", "vietnam", "zambia",
    "zimbabwe", "uk", "usa", "us", "españa", "méxico", "perú", "brasil", "belgique",
    "suisse", "allemagne", "espagne", "italie",
})
"""Country names: a lone country is never a person (it can be an affiliation)."""


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFC, collapse whitespace, strip, lower-case: the key used for every list lookup."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


_TIME_OR_NOTE = re.compile(r"^[\s\d:.,;()\-–—h/apm&+]*$", re.IGNORECASE)


#: "First coffee break", "2nd break", "Deuxième pause": a programme counting its breaks.
_BREAK_ORDINAL = re.compile(r"^(?:first|second|third|fourth|1st|2nd|3rd|4th|premi[eè]re|deuxi[eè]me|troisi[eè]me|"
                            r"primera|segunda|tercera|erste|zweite|dritte|prima|seconda)\s+")


@lru_cache(maxsize=4096)
def is_break(text: str, lang: str = "en") -> bool:
    """True when `text` is a break/meal/registration/social slot ("Coffee break 16.00-16.30").

    The text must start with a break phrase and continue with nothing but times,
    punctuation or a parenthetical note.
    """
    del lang  # the lists cover every supported language at once
    key = _BREAK_ORDINAL.sub("", normalise(text).strip(" -–—:*_•"))
    for phrase in sorted(BREAK_WORDS, key=len, reverse=True):
        if key == phrase:
            return True
        if key.startswith(phrase):
            rest = key[len(phrase):]
            if rest[:1].isalnum():
                continue
            rest = re.sub(r"\([^)]*\)", "", rest)
            if _TIME_OR_NOTE.match(rest):
                return True
            # "Almuerzo libre", "Lunch break", "Break + demos": a break phrase and at most two short words
            words = re.sub(r"[^\w\s]", " ", rest).split()
            if len(words) <= 2 and all(len(w) <= 8 for w in words):
                return True
    return False


#: What a programme is made of, as the end of it is printed ("End of first day", "End of posters").
_PROGRAMME_UNITS = (r"(?:day|days|sessions?|workshop|conference|meeting|symposium|seminar|congress|programme|program|"
                    r"posters?|poster session|talks|course|school|event|part|morning|afternoon|evening)")
#: A slot that only marks where a part of the programme ends ("End of first day", "Close of the
#: conference", "Meeting closes"), or time left to the participants ("Free afternoon", "Free
#: time (sightseeing)"): nothing is scheduled in it.
PAUSE = re.compile(
    rf"^(?:(?:end|close)\s+of\s+(?:the\s+)?(?:\w+\s+)?{_PROGRAMME_UNITS}(?:\s+\w+)?"
    rf"|(?:the\s+)?(?:\w+\s+)?{_PROGRAMME_UNITS}\s+(?:closes|ends|adjourns|concludes)"
    r"|free\s+(?:time|day|morning|afternoon|evening))\b")


def is_pause(text: str) -> bool:
    """True for a slot that ends part of the programme or leaves time free ("End of the first
    day", "Workshop closes", "Free afternoon"), followed by nothing but times or a note."""
    key = normalise(text).strip(" -–—:*_•")
    m = PAUSE.match(key)
    return bool(m) and bool(_TIME_OR_NOTE.match(re.sub(r"\([^)]*\)", "", key[m.end():])))


#: Social programme items that open a line: not sessions, not talks.
SOCIAL_STARTS = (
    "dinner", "gala dinner", "conference dinner", "banquet", "cocktail", "excursion", "city walk", "walk",
    "guided tour", "tour of", "visit", "social event", "happy hour", "happy-hour", "informal happy",
    "informal gathering", "networking drinks", "drinks", "social programme", "social program", "meeting point",
    "dîner", "dîner de gala", "visite", "excursión", "cena", "visita", "paseo",
)


def is_social(text: str) -> bool:
    """True for a social-programme line ("Dinner with alumni", "Excursion to ...", "City walk")."""
    key = normalise(text).strip(" -–—:*_•")
    return any(key == w or (key.startswith(w) and not key[len(w)].isalnum()) for w in SOCIAL_STARTS)


@lru_cache(maxsize=65536)
def is_tbc(text: str) -> bool:
    """True when `text` only says "to be confirmed" (TBC, à confirmer, por confirmar)."""
    return normalise(text).strip(" ()[].!?*") in TBC_WORDS


@lru_cache(maxsize=65536)
def is_non_speaker(text: str) -> bool:
    """True for presenter cells that name nobody ("Chairs", "All", "TBC")."""
    return normalise(text).strip(" ()[].,;:!?*") in NON_SPEAKERS


def role_for(label: str) -> Optional[str]:
    """English role for a printed role label ("Modératrice" → "Moderator"), else None."""
    return ROLE_LABELS.get(normalise(label).rstrip(" :"))


def is_honorific(token: str, lang: str = "en") -> bool:
    """True when `token` is a printed honorific ("Prof.", "Dra.", "H.E."; "M." in French)."""
    return (
        token in _HONORIFIC_SET
        or token.lower() in _HONORIFIC_LOWER
        or token in HONORIFICS_BY_LANG.get(lang, ())
    )


_HONORIFIC_SET = frozenset(HONORIFICS)
_HONORIFIC_LOWER = frozenset(h.lower() for h in HONORIFICS if len(h.rstrip(".")) > 2)
