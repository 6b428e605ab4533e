"""Dati distribuiti con il corso (dati reali di riferimento e dati sintetici predefiniti)."""
