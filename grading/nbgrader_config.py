# Configurazione di nbgrader per il corso ambiti-lab (generata da course.valutazione.costruisci).
import os

c = get_config()  # noqa: F821

# L'identificativo del corso: sul hub lo stabilisce AMBITI_LAB_CORSO, lo stesso dei corsisti.
c.CourseDirectory.course_id = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
# Le celle di risposta, nella versione per i corsisti, mostrano questi inviti al posto delle soluzioni.
c.ClearSolutions.code_stub = {"python": "# ✍️ Scrivi qui il tuo codice"}
c.ClearSolutions.text_stub = "✍️ Scrivi qui la tua risposta."
# Limite per cella usato anche dal solo «nbgrader autograde» (la correzione del corso ha i suoi limiti).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
