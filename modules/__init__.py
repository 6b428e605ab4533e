"""I moduli del corso (notebook), distribuiti con il pacchetto per essere copiati nella cartella di lavoro."""
