# Il server JupyterLab di ogni persona sul hub d'aula: Lab tutto in italiano, kernel inattivi spenti.
#
# Un kernel della lezione 04 occupa 385–618 MB (misurati) e il limite per persona è 2 GB: chi apre
# una lezione dopo l'altra finirebbe la memoria. Dopo AMBITI_LAB_KERNEL_INATTIVO secondi senza eseguire
# nulla (predefinito 1800, mezz'ora) il kernel si spegne, anche con la lezione aperta; il notebook
# salvato resta, e basta rieseguire le celle. Un kernel che sta calcolando non si spegne mai.
import os

c = get_config()  # noqa: F821 - fornita da Jupyter quando legge il file

inattivo = int(os.environ.get("AMBITI_LAB_KERNEL_INATTIVO", "1800"))
c.MappingKernelManager.cull_idle_timeout = inattivo
c.MappingKernelManager.cull_interval = max(1, min(300, inattivo // 4))
c.MappingKernelManager.cull_connected = True
c.MappingKernelManager.cull_busy = False

# Le frasi del Lab che il pacchetto della lingua non traduce (menu, barra di stato, dialoghi), come
# con «ambiti-lab avvia» e su Binder.
c.ServerApp.jpserver_extensions.update({"course.lab_italiano": True})
