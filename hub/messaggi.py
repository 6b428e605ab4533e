"""I messaggi di NativeAuthenticator in italiano (li scrive in inglese il suo codice, le pagine di
``hub/pagine/`` li mostrano con :func:`traduci`).

>>> traduci("User mario.rossi has not been authorized by an administrator yet.")
'Il formatore non ha ancora approvato la registrazione di «mario.rossi»: riprova più tardi.'
>>> traduci("Your information has been sent to the admin.")
'Registrazione ricevuta. Potrai entrare appena il formatore l’avrà approvata: te lo dirà in aula o per email.'
"""

from __future__ import annotations

import re

__all__ = ["traduci"]

_MESSAGGI = [
    (r"Invalid username or password\.?", "Nome utente o password sbagliati."),
    (r"User (?P<nome>.+) has not been authorized by an administrator yet\.?",
     "Il formatore non ha ancora approvato la registrazione di «{nome}»: riprova più tardi."),
    (r"Your information has been sent to the admin\.?",
     "Registrazione ricevuta. Potrai entrare appena il formatore l’avrà approvata: te lo dirà in aula o per email."),
    (r"The signup was successful!.*", "Registrazione riuscita: ora puoi entrare con il tuo nome utente e la password."),
    (r"Something went wrong!\s*It appears that this username is already in use.*",
     "Questo nome utente è già registrato: scegline un altro (per esempio nome.cognome)."),
    (r"Your password did not match the confirmation.*",
     "Le due password non coincidono: scrivile di nuovo, uguali."),
    (r"Something went wrong!\s*Be sure your username does not contain spaces, commas or slashes, your password "
     r"has at least (?P<minimo>\d+) characters and is not too common\.?",
     "Registrazione non riuscita. Il nome utente deve avere solo lettere minuscole senza accenti, cifre, punto o "
     "trattino (per esempio mario.rossi); la password almeno {minimo} caratteri e non tra le più comuni."),
    (r"(Your|The) new password didn't match the confirmation.*",
     "La nuova password e la conferma non coincidono: scrivile di nuovo, uguali."),
    (r"Something went wrong!\s*Be sure (your|the) new password.* has at least (?P<minimo>\d+) characters.*",
     "Password non cambiata: deve avere almeno {minimo} caratteri e non essere tra le più comuni."),
    (r"Something went wrong!\s*Be sure (your|the) new password.*",
     "Password non cambiata: scegline una meno comune."),
    (r"Something went wrong!.*",
     "Registrazione non riuscita: controlla il nome utente (solo lettere minuscole, cifre, punto o trattino) "
     "e scegli una password meno comune."),
    (r"You failed the reCAPTCHA.*", "Il controllo anti-robot non è riuscito: riprova."),
    (r"(?P<nome>.+) has been authorized!", "«{nome}» è approvato: ora può entrare."),
    (r"(?P<nome>.+) was already authorized\.?", "«{nome}» era già approvato."),
    (r"Invalid URL", "Indirizzo non valido."),
    (r"Your password has been changed successfully!?", "Password cambiata."),
    (r"Your current password was incorrect.*", "La password attuale non è giusta: riprova."),
    (r"The password for (?P<nome>.+) has been changed successfully", "Password di «{nome}» cambiata."),
]


def traduci(testo) -> str:
    """Il messaggio ``testo`` in italiano; un messaggio sconosciuto resta com'è (mai un messaggio perso)."""
    if not testo:
        return ""
    pulito = " ".join(str(testo).split())
    for modello, italiano in _MESSAGGI:
        trovato = re.fullmatch(modello, pulito, flags=re.S)
        if trovato:
            return italiano.format(**trovato.groupdict())
    return str(testo)
