# nbgrader nei server del hub d'aula (utenti Linux veri, vedi hub/utenti.py), in aggiunta a
# config-corsisti: consegne leggibili solo dall'autore e dal formatore, raccolta che rifiuta le consegne
# falsificate (course/valutazione/scambio_nbgrader.py).
import os

c = get_config()  # noqa: F821 - fornita da nbgrader quando legge il file

# La cartella di scambio la prepara il hub (root, 0755): nbgrader non deve pretendere di poterci scrivere
# né riaprirla a tutti (0777). Le cartelle del corso le prepara il hub con i permessi giusti.
c.CourseDirectory.groupshared = True
if os.environ.get("JUPYTERHUB_USER") == os.environ.get("AMBITI_LAB_FORMATORE", "formatore"):
    c.ExchangeFactory.collect = "course.valutazione.scambio_nbgrader.RaccoltaControllata"
else:
    c.ExchangeFactory.submit = "course.valutazione.scambio_nbgrader.ConsegnaProtetta"
