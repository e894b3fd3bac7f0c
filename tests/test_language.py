"""Language detection: deterministic, en/fr/es by function words, short texts → "en"."""
from __future__ import annotations

import pytest

from extractors.language import detect_language

FRENCH = "Programme de la journée d'étude. Accueil des participants et ouverture par le président de l'association, puis table ronde sur les pratiques agiles dans les équipes."
SPANISH = "Programa del seminario internacional. Inauguración y entrega de la distinción, conferencia magistral sobre los derechos humanos y la educación en Chile."
ENGLISH = "Programme of the workshop. Welcome and opening remarks by the chairs, followed by a keynote on the use of data in the study of coupled systems."
SPANISH_WITH_ENGLISH_GLOSSES = (
    "PANEL 1: POBREZA, EDUCACION Y NEUROCIENCIA (Poverty, Education and Neuroscience). "
    "Conferencia: Sebastian Lipina, Unidad de Neurobiología Aplicada. Panel de discusión con los participantes "
    "del Ministerio de Salud y de la Universidad de Chile. Almuerzo libre. Ceremonia de Distinción."
)
GERMAN = "Das Programm der Tagung beginnt am Morgen mit einer Begrüßung durch die Veranstalter und einem Vortrag über die Geschichte der Stadt und ihrer Bewohner."


@pytest.mark.parametrize(
    "text, expected",
    [(FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en"), (SPANISH_WITH_ENGLISH_GLOSSES, "es"), (GERMAN, "de"), ("Hi", "en"), ("", "en")],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_deterministic() -> None:
    mixed = "Welcome Bienvenue Bienvenida 09:00 10:00 Anna Maria Lopez"
    assert len({detect_language(mixed) for _ in range(5)}) == 1
