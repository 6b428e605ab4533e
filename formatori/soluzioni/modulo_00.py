"""Soluzioni ed errori tipici del modulo 00 (benvenuto). Materiale per i formatori: non distribuire."""

from course.territorio import ambiti, comuni


def _ambiti():
    return len(ambiti())


def _provincia():
    return ambiti()["sigla_provincia"].value_counts().idxmax()


def _residenti():
    return comuni()["popolazione"].sum()


SOLUZIONI = {
    "0.1": _ambiti,
    "0.2": _provincia,
    "0.3": _residenti,
}

ERRORI_TIPICI = {
    "0.1": [
        (lambda: len(comuni()), "sono i comuni"),
        (lambda: ambiti()["sigla_provincia"].nunique(), "province"),
        ("45", "Togli le virgolette"),
        (None, "None"),
    ],
    "0.2": [
        (lambda: ambiti()["sigla_provincia"].value_counts().idxmin(), "MENO Ambiti"),
        (lambda: comuni()["sigla_provincia"].value_counts().idxmax(), "contato i comuni"),
        ("Puglia", "Scrivi la sigla"),
        (12, "tra virgolette"),
    ],
    "0.3": [
        (lambda: comuni()["popolazione"].mean(), "media"),
        (lambda: len(comuni()), "contato i comuni"),
        (lambda: comuni()["popolazione"], "Serve un solo numero"),
    ],
}
