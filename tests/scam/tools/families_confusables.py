"""Look-alike letters, odd spacing and invisible characters inside multi-word names and asks
(issue 16, homoglyph gap), with their genuine counterpart: French typography (no-break spaces),
accents and names written in other alphabets. Imported last by grow_corpus.py so that the
families generated before keep their messages (one seeded generator runs through all families)."""
from grow_lib import F

MOB = ["+33 6 39 98 {p2} {p2}", "+33 7 57 12 {p2} {p2}", "{imob}", "{mob}", "AMELI-INFO"]
CONF = ("cybermalveillance.gouv.fr fiche « Hameçonnage (phishing) » ; Unicode UTS #39 confusables "
        "(look-alike letters used to slip past SMS filters)")

F("s-confusable-ask-words", "scam", CONF,
  "look-alikes (Cyrillic, Greek), zero-width and no-break spaces inside multi-word names and the ask",
  [["Assurance\u00a0M\u0430ladie :", "Assu\u200brance Maladie :", "Assur\u03b1nce Mal\u03b1die :", "C\u0420AM :",
    "Caisse primaire d'Assur\u0430nce Maladie :", "Carte V\u0456tale :", "Assurance\u3164Maladie :"],
   ["votre remboursement de {amt} est en attente.", "votre dossier est incomplet.", "un versement de {amt} a été refusé.",
    "votre carte Vitale sera désactivée le {d}."],
   ["Confirmez vos c\u043eordonnées b\u0430ncaires : https://maj-assure.net/rib",
    "Renvoyez le c\u043ede reçu par SMS en réponse à ce message.",
    "Répondez avec votre num\u0435ro de sécurité sociale et votre date de naissance.",
    "Mettez à jour votre R\u0406B ici : https://remboursement-assure.org",
    "Rappelez le {n09} et donnez le c\u043ede que vous allez recevoir."],
   ["", "Sans réponse sous 48h, le dossier sera clôturé.", "Service gratuit."]],
  n=12, senders=MOB, tricks=["homoglyph_text", "mixed_script", "hidden_characters"])

F("l-typography-foreign-names", "legit", "own: genuine caisse messages with French typography (no-break spaces), "
  "accents and names in other alphabets",
  "genuine caisse messages with no-break spaces, accents, µg doses and Greek or Cyrillic names: nothing to fold",
  [["Assurance\u00a0Maladie\u00a0:", "Ameli\u202f:", "Votre CPAM\u00a0:", "L'Assurance Maladie vous informe\u00a0:"],
   ["Hélène, votre attestation de droits est disponible dans votre compte ameli.",
    "l'atelier « Bien vieillir » animé par Ελένη Παπαδοπούλου et Дмитрий Иванов a lieu le {d} à {h}, à l'accueil de {city}.",
    "votre remboursement de {amt} (pharmacie, vitamine D 5\u00a0µg) a été versé le {d}.",
    "les remboursements de fin d'année seront versés à partir du {d}\u202f; aucune démarche n'est nécessaire.",
    "notre accueil de {city} sera fermé le 25 décembre. Joyeuses fêtes\u202f!",
    "Zoë, votre enfant est désormais rattaché à votre dossier\u00a0; sa carte Vitale arrivera par courrier."],
   ["", "Plus d'informations dans votre compte ameli.", "Bonne journée.", "Ceci est un message d'information, n'y répondez pas."]],
  n=12, senders=["AMELI", "Ameli", "36 46"])
