"""Genuine hard negatives (label "legit"): messages that share words with scams (carte Vitale,
RIB, code, remboursement, compte bloqué, rappel) but ask nothing through an unknown channel."""
from grow_lib import F

OWN = "own: genuine "
CARE = ["Cabinet", "Centre", "Dr"]
AMELI_SMS = ["AMELI", "Ameli", "36 46"]

# --- appointments listing documents to bring ------------------------------------------------
F("l-france-services-rdv", "legit", OWN + "France Services appointment confirmation (documents to bring)",
  "appointment at France Services listing carte Vitale and ID to bring",
  [["France Services {city} :", "Espace France Services de {city} :", "France Services :"],
   ["votre rendez-vous du {d} à {h} avec un conseiller numérique est confirmé.", "votre rendez-vous pour vos démarches CPAM est fixé au {d} à {h}.",
    "nous vous attendons le {d} à {h} pour votre dossier de retraite.", "rendez-vous confirmé le {d} à {h} pour créer votre compte ameli."],
   ["Pensez à apporter votre carte Vitale et une pièce d'identité.", "Munissez-vous de votre carte Vitale, d'une pièce d'identité et de votre téléphone.",
    "Apportez votre pièce d'identité, votre carte Vitale et un justificatif de domicile.", "Merci de venir avec votre carte Vitale et votre dernier avis d'imposition."],
   ["", "En cas d'empêchement, prévenez-nous au {fix}.", "Accueil gratuit, sans frais."]],
  n=12, senders=["FranceServ", "{fix}", "France Services"])

F("l-medecin-rdv", "legit", OWN + "GP appointment confirmations (Doctolib, Maiia, cabinet SMS)",
  "doctor's appointment reminders mentioning carte Vitale",
  [["Cabinet du Dr {last} :", "Dr {last}, médecin généraliste :", "Maison de santé de {city} :", "Rappel Doctolib :"],
   ["votre rendez-vous du {day} {d} à {h} est confirmé.", "rappel de votre consultation demain à {h}.", "votre rendez-vous de {h} est maintenu.",
    "votre téléconsultation est programmée le {d} à {h}."],
   ["Pensez à votre carte Vitale.", "N'oubliez pas votre carte Vitale et votre carnet de santé.", "Merci d'apporter votre carte Vitale et vos derniers résultats.",
    "Munissez-vous de votre carte Vitale et de votre ordonnance."],
   ["", "En cas d'empêchement, annulez sur doctolib.fr.", "Pour annuler, appelez le cabinet au {fix}.", "Merci d'arriver 5 minutes en avance."]],
  n=14, senders=["Doctolib", "{fix}", "Dr {last}"])

F("l-dentiste-rdv", "legit", OWN + "dentist appointment and quote messages", "dentist reminders with quotes, deposits paid at the practice",
  [["Cabinet dentaire {last} :", "Dr {last}, chirurgien-dentiste :", "Centre dentaire de {city} :"],
   ["rappel de votre rendez-vous le {d} à {h}.", "votre séance de soins est décalée au {d} à {h}.", "votre devis pour la couronne est prêt."],
   ["Apportez votre carte Vitale et votre attestation de mutuelle.", "Le devis signé est à rapporter au cabinet, avec votre carte Vitale.",
    "Le règlement se fait au cabinet, la part Sécurité sociale est télétransmise.", "Pensez à transmettre le devis à votre mutuelle pour connaître votre reste à charge."]],
  n=10, senders=["{fix}", "Cabinet dentaire"])

F("l-labo-rdv", "legit", OWN + "medical laboratory messages (prélèvement, résultats on the lab's own server)",
  "lab appointments and results with access codes from the lab",
  [["Laboratoire {last} :", "Biogroup {city} :", "Cerballiance :", "Laboratoire d'analyses de {city} :"],
   ["votre prise de sang est confirmée le {d} à {h}. Venez à jeun avec votre ordonnance et votre carte Vitale.",
    "vos résultats sont disponibles. Consultez-les sur notre serveur avec l'identifiant remis à l'accueil.",
    "votre prélèvement à domicile aura lieu demain vers {h}. Préparez l'ordonnance, votre carte Vitale et votre carte de mutuelle.",
    "vos résultats ont été transmis à votre médecin. Vous pouvez aussi les retirer à l'accueil avec une pièce d'identité."],
   ["", "Bonne journée.", "Le laboratoire est ouvert de 7h à 19h."]],
  n=10, senders=["{fix}", "LABO"])

F("l-hopital-admission", "legit", OWN + "hospital admission and pre-admission messages",
  "hospital admission reminders listing documents, bills at the cashier",
  [["CHU de {city} :", "Clinique Saint-{first} :", "Hôpital de {city} :", "Centre hospitalier de {city} :"],
   ["votre hospitalisation est prévue le {d} à {h}.", "votre intervention est confirmée le {d}.", "votre consultation d'anesthésie a lieu le {d} à {h}."],
   ["Présentez-vous au bureau des admissions avec votre carte Vitale, une pièce d'identité et votre carte de mutuelle.",
    "Merci d'apporter votre carte Vitale, votre attestation de mutuelle et vos examens.",
    "Pensez à compléter votre préadmission au guichet ou sur le portail patient de l'hôpital.", "Venez à jeun, avec votre carte Vitale et votre pièce d'identité."]],
  n=10, senders=["{fix}", "CHU", "Clinique"])

F("l-imagerie-kine", "legit", OWN + "radiology and physiotherapy practice messages", "imaging/physio reminders with prescriptions",
  [["Centre d'imagerie de {city} :", "Radiologie {last} :", "Cabinet de kinésithérapie :", "Cabinet d'orthoptie :"],
   ["votre examen est programmé le {d} à {h}. Apportez l'ordonnance, votre carte Vitale et vos anciens clichés.",
    "votre séance est décalée à {h} jeudi. Merci de votre compréhension.", "il vous reste 3 séances sur votre prescription. Pensez à demander une nouvelle ordonnance à votre médecin.",
    "votre rendez-vous du {d} est confirmé. Merci d'arriver 15 minutes avant avec votre carte Vitale."]],
  n=8, senders=["{fix}"])

F("l-caisse-rdv-accueil", "legit", OWN + "caisse message type: appointment at the CPAM counter (documents to bring)",
  "CPAM counter appointment with documents to bring",
  [["Assurance Maladie :", "CPAM de {city} :", "Votre caisse d'assurance maladie :"],
   ["votre rendez-vous à l'accueil est confirmé le {d} à {h}.", "rappel : rendez-vous demain à {h} à l'accueil de {city}.", "votre rendez-vous du {d} est déplacé à {h}."],
   ["Munissez-vous de votre carte Vitale, d'une pièce d'identité et d'un RIB.", "Pensez à apporter votre carte Vitale et les justificatifs demandés.",
    "Apportez votre pièce d'identité et votre dernier avis d'imposition."],
   ["", "Pour annuler : compte ameli, rubrique Mes rendez-vous.", "Pour annuler, appelez le 36 46."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-phone-rdv", "legit", OWN + "caisse message type: telephone appointment (the caller never asks for codes)",
  "announced call from the caisse that explicitly asks nothing",
  [["Assurance Maladie :", "CPAM de {city} :"],
   ["votre rendez-vous téléphonique est fixé le {d} à {h}.", "suite à votre demande, un conseiller vous appellera demain entre 9h et 12h."],
   ["Il ne vous demandera jamais vos codes, mot de passe ou coordonnées bancaires.", "Le conseiller appellera depuis le 36 46 et ne vous demandera aucun code.",
    "Ayez votre numéro de dossier sous la main ; aucun code ne vous sera demandé."],
   ["", "Pour annuler : compte ameli, rubrique Mes rendez-vous."]],
  n=8, senders=AMELI_SMS)

# --- employers ---------------------------------------------------------------------------------
F("l-employer-rib-intranet", "legit", OWN + "employer HR message asking for a new RIB on its intranet / usual portal",
  "HR asks for the new RIB through the usual employee portal",
  [["Bonjour {first},", "Bonjour à tous,", "Bonjour,"],
   ["Suite au changement de banque que vous nous avez signalé, merci de déposer votre nouveau RIB sur l'intranet RH, rubrique Mes documents.",
    "Pour que votre salaire de {d} soit versé sur votre nouveau compte, mettez à jour votre RIB dans votre espace salarié habituel (portail RH).",
    "Les changements de RIB se font uniquement dans votre espace collaborateur sur l'intranet : nous ne les traitons jamais par e-mail.",
    "Nous n'avons pas encore reçu votre RIB pour l'intégration. Vous pouvez le déposer sur le portail RH avec votre badge d'accès."],
   ["La date limite de prise en compte pour la paie de ce mois est le 20.", "Pour toute question, passez au bureau RH (2e étage).",
    "Aucune demande de RIB ne vous sera faite par SMS ou par téléphone."],
   ["Le service RH", "Cordialement,\n{first} {last}\nRessources humaines", "L'équipe paie"]],
  n=12, channel="email", senders=["Service RH <rh@entreprise-{last}.fr>", "{first} {last} <{first}.{last}@groupe-industrie.fr>", "Paie <paie@mairie-{city}.fr>"],
  subjects=["Mise à jour de votre RIB", "Changement de coordonnées bancaires", "Dossier d'intégration", "Paie du mois"])

F("l-employer-payslip-arret", "legit", OWN + "employer HR messages about payslips, sick leave and subrogation",
  "HR notices about payslips on the usual portal and sick-leave paperwork",
  [["Bonjour,", "Bonjour {first},"],
   ["Votre bulletin de paie de {d} est disponible dans votre coffre-fort numérique habituel.",
    "Nous avons bien reçu votre arrêt de travail. L'entreprise pratique la subrogation : les indemnités journalières de la CPAM nous seront versées directement.",
    "Nous avons transmis votre attestation de salaire à la CPAM le {d} pour le calcul de vos indemnités.",
    "La mutuelle d'entreprise change au 1er janvier : votre nouvelle carte de tiers payant vous sera envoyée par l'assureur."],
   ["Aucune démarche n'est nécessaire de votre part.", "Vous pouvez consulter le détail sur l'intranet, rubrique Paie.",
    "Pensez à envoyer les volets 1 et 2 de votre arrêt à votre CPAM sous 48 heures."],
   ["Le service RH", "Service paie"]],
  n=10, channel="email", senders=["RH <rh@{last}-logistique.fr>", "Service paie <paie@clinique-{city}.fr>"],
  subjects=["Votre bulletin de paie", "Arrêt de travail", "Attestation de salaire", "Mutuelle d'entreprise"])

# --- pharmacies ------------------------------------------------------------------------------------
F("l-pharmacy-tiers-payant", "legit", OWN + "pharmacy messages mentioning tiers payant and carte Vitale",
  "pharmacy: order ready, tiers payant with carte Vitale and mutuelle card",
  [["Pharmacie du Marché :", "Pharmacie de la Gare :", "Pharmacie {last} :", "Grande Pharmacie de {city} :"],
   ["votre commande est prête.", "votre traitement est disponible.", "les médicaments manquants sont arrivés.", "votre ordonnance renouvelable est prête."],
   ["Pensez à votre carte Vitale et à votre carte de mutuelle pour le tiers payant.", "Tiers payant : venez avec votre carte Vitale à jour et votre attestation de mutuelle.",
    "Sans carte Vitale, le tiers payant ne pourra pas s'appliquer.", "Votre carte Vitale suffit pour la part obligatoire, la mutuelle pour le reste."],
   ["", "Ouvert jusqu'à 20h.", "Bonne journée !"]],
  n=14, senders=["PHARMACIE", "{fix}"])

F("l-pharmacy-vaccination", "legit", OWN + "pharmacy vaccination and carte Vitale update messages", "pharmacy vaccine and card update reminders",
  [["Pharmacie {last} :", "Votre pharmacie :"],
   ["la vaccination contre la grippe est possible sans rendez-vous. Venez avec votre bon de prise en charge et votre carte Vitale.",
    "votre vaccin est arrivé. C'est gratuit avec le bon de l'Assurance Maladie.",
    "nous pouvons mettre à jour votre carte Vitale lors de votre passage. Cela prend une minute, au comptoir.",
    "votre rappel Covid est possible en pharmacie. Pensez à votre carte Vitale."]],
  n=8, senders=["PHARMACIE", "{fix}"])

# --- the caisse's own notices --------------------------------------------------------------------
F("l-caisse-account-locked", "legit", OWN + "caisse message type: account locked 20 minutes after wrong passwords",
  "compte bloqué 20 minutes, no link or official link only",
  [["Votre compte a été bloqué temporairement", "Votre compte ameli est bloqué pour 20 minutes", "Accès à votre compte suspendu 20 minutes"],
   ["à la suite de trois erreurs de mot de passe.", "après plusieurs essais infructueux.", "car un mot de passe erroné a été saisi 3 fois."],
   ["Réessayez dans 20 minutes.", "Passé ce délai, vous pourrez vous reconnecter.", "Vous pourrez réessayer après 20 minutes ou réinitialiser votre mot de passe sur ameli.fr."],
   ["Si ce n'est pas vous, changez votre mot de passe depuis ameli.fr.", "L'Assurance Maladie ne vous demandera jamais votre mot de passe.", ""]],
  n=12, senders=AMELI_SMS)

F("l-caisse-login-code", "legit", OWN + "caisse message type: connection code sent because YOU asked",
  "one-time code sent after the member's own request, never to be shared",
  [["Assurance Maladie :", "Ameli :", ""],
   ["votre code de connexion est {code}.", "voici le code que vous avez demandé : {code}.", "code de vérification : {code}.", "pour confirmer votre numéro, saisissez le code {code}."],
   ["Il expire dans 10 minutes.", "Valable 5 minutes.", "Saisissez-le sur ameli.fr ou dans l'appli ameli."],
   ["Ne le communiquez à personne, même à un conseiller.", "Personne ne vous le demandera par téléphone.", "Si vous n'avez rien demandé, ignorez ce message."]],
  n=12, senders=AMELI_SMS)

F("l-caisse-new-message", "legit", OWN + "caisse message type: nouveau message dans votre espace", "new message in the ameli account",
  [["Assurance Maladie :", "Ameli :", "Votre caisse :"],
   ["vous avez un nouveau message dans votre compte ameli.", "un nouveau document est disponible dans votre espace.", "votre conseiller a répondu à votre demande.",
    "un courrier vous a été déposé dans votre compte ameli."],
   ["Consultez-le dans la rubrique Messagerie.", "Connectez-vous sur ameli.fr ou l'appli ameli pour le lire.", "Rubrique Mes messages, sur ameli.fr."]],
  n=11, senders=AMELI_SMS)

F("l-caisse-attestation", "legit", OWN + "caisse message type: attestation disponible", "attestation available in the account",
  [["Assurance Maladie :", "Ameli :"],
   ["votre attestation de droits est disponible.", "votre attestation de paiement des indemnités journalières est prête.", "l'attestation que vous avez demandée est disponible."],
   ["Téléchargez-la depuis votre compte ameli.", "Retrouvez-la dans votre compte ameli, rubrique Mes attestations.", "Elle est aussi disponible sur https://www.ameli.fr, compte ameli."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-refund-nolink", "legit", OWN + "caisse message type: remboursement effectué with amount, no link",
  "refund paid notices with amount and no link",
  [["Assurance Maladie :", "Ameli :", "Votre CPAM :"],
   ["votre remboursement de {amt} a été versé le {d}.", "un virement de {amt} a été effectué pour vos soins du {d}.", "nous avons remboursé {amt} pour votre consultation du {d}."],
   ["Franchise déduite : 2 €.", "Participation forfaitaire déduite.", "Le détail figure sur votre prochain relevé.", ""],
   ["", "Aucune démarche n'est nécessaire.", "Ce message ne demande aucune réponse."]],
  n=12, senders=AMELI_SMS)

F("l-caisse-refund-ameli-link", "legit", OWN + "caisse message type: remboursement with the real ameli.fr link",
  "refund notices pointing to the real ameli.fr",
  [["Assurance Maladie :", "Ameli :"],
   ["remboursement de {amt} effectué.", "vos indemnités journalières de {amt} ont été versées.", "votre relevé de remboursements est disponible."],
   ["Détail sur https://assure.ameli.fr", "Consultez votre compte sur https://www.ameli.fr", "Détail : ameli.fr, rubrique Mes paiements."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-mtdents", "legit", OWN + "caisse message type: M'T dents invitations", "M'T dents prevention invitations",
  [["Assurance Maladie :", "M'T dents :", "Ameli :"],
   ["votre enfant a {code4} ans ? L'examen bucco-dentaire M'T dents est offert.", "votre enfant peut bénéficier d'un examen M'T dents pris en charge à 100 %.",
    "vous avez 24 ans : un rendez-vous M'T dents est offert cette année."],
   ["Prenez rendez-vous chez le dentiste de votre choix avec votre carte Vitale.", "Présentez simplement votre carte Vitale, sans avance de frais.",
    "Plus d'infos sur ameli.fr."]],
  n=8, senders=AMELI_SMS, slots={"code4": ["3", "6", "9", "12", "15", "18"]})

F("l-caisse-depistage", "legit", OWN + "caisse message type: dépistage invitations (colorectal, sein, col de l'utérus)",
  "cancer screening invitations",
  [["Assurance Maladie :", "Centre régional de dépistage :", "Ameli :"],
   ["vous avez entre 50 et 74 ans : le dépistage du cancer colorectal est gratuit.", "votre mammographie de dépistage est prise en charge à 100 %.",
    "le dépistage du cancer du col de l'utérus est recommandé tous les 3 ans."],
   ["Demandez le kit à votre médecin ou en pharmacie.", "Prenez rendez-vous avec le radiologue de votre choix, avec votre invitation.",
    "Vous pouvez aussi commander le kit sur monkit.depistage-colorectal.fr.", "Parlez-en à votre médecin ou votre sage-femme."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-vaccination", "legit", OWN + "caisse message type: vaccination campaigns", "vaccination campaigns (grippe, HPV, Covid)",
  [["Assurance Maladie :", "Ameli :"],
   ["la campagne de vaccination contre la grippe commence.", "votre enfant peut être vacciné contre les HPV au collège.", "vous êtes éligible au rappel Covid-19."],
   ["Le vaccin est gratuit : présentez votre bon en pharmacie.", "Parlez-en à votre médecin, votre pharmacien ou votre infirmier.",
    "Pris en charge à 100 %, sans avance de frais."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-ij-arret", "legit", OWN + "caisse message type: arrêt de travail received, IJ paid",
  "sick-leave notices with benign deadlines",
  [["Assurance Maladie :", "Votre CPAM :"],
   ["votre arrêt de travail du {d} a bien été reçu. Suivez vos paiements dans votre compte ameli.",
    "vos indemnités journalières du mois ont été versées. Détail dans votre compte ameli, rubrique Mes paiements.",
    "il nous manque l'attestation de salaire de votre employeur. Votre employeur doit nous la transmettre, aucune démarche de votre part.",
    "votre prolongation d'arrêt a bien été enregistrée."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-vitale-card", "legit", OWN + "caisse message type: carte Vitale news (free, in pharmacy, in the account)",
  "new/updated carte Vitale, always free",
  [["Assurance Maladie :", "Ameli :", "Votre CPAM :"],
   ["votre nouvelle carte Vitale est en cours de fabrication. Elle est gratuite et vous sera envoyée par courrier.",
    "votre demande de carte Vitale a été enregistrée. Elle est gratuite : ne payez jamais pour une carte Vitale.",
    "l'appli carte Vitale est disponible pour vous. Activez-la depuis l'App Store ou Google Play, c'est gratuit.",
    "pensez à mettre à jour votre carte Vitale une fois par an, en pharmacie ou dans une borne de votre CPAM, gratuitement.",
    "votre carte Vitale vous a été envoyée le {d}. Dès réception, détruisez l'ancienne."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-css", "legit", OWN + "caisse message type: Complémentaire santé solidaire notices", "CSS renewal reminders with benign deadlines",
  [["Assurance Maladie :", "Votre CPAM :"],
   ["votre Complémentaire santé solidaire prend fin le {d}. Renouvelez-la depuis votre compte ameli, rubrique Mes démarches.",
    "votre demande de CSS a été acceptée. Vos droits sont ouverts pour un an, sans cotisation.",
    "il manque un justificatif à votre demande de CSS. Déposez-le dans votre compte ameli ou envoyez-le par courrier à votre caisse.",
    "votre CSS est renouvelée jusqu'au {d}. Aucune démarche n'est nécessaire."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-rib-changed", "legit", OWN + "caisse message type: RIB change confirmation", "RIB changed confirmations that ask to call 36 46 if not you",
  [["Assurance Maladie :", "Ameli :"],
   ["votre changement de RIB a bien été enregistré.", "vos coordonnées bancaires ont été modifiées le {d} depuis votre compte ameli.",
    "votre nouveau RIB sera utilisé pour vos prochains remboursements."],
   ["Si vous n'êtes pas à l'origine de ce changement, appelez le 36 46.", "Pas vous ? Contactez le 36 46.", "Si c'est bien vous, aucune autre démarche n'est nécessaire."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-antiscam", "legit", OWN + "caisse message type: anti-scam prevention quoting scams",
  "prevention messages describing scams (quoted asks)",
  [["Assurance Maladie :", "Ameli :", "Prévention fraude :"],
   ["des SMS frauduleux demandent de payer pour une carte Vitale.", "de faux conseillers appellent en se présentant comme la CPAM.",
    "attention aux faux e-mails de « remboursement en attente »."],
   ["Nous ne vous demanderons jamais vos coordonnées bancaires par SMS ou e-mail.", "Ne communiquez jamais un code reçu par SMS à un interlocuteur.",
    "En cas de doute, connectez-vous directement à votre compte ameli."],
   ["", "Signalez les SMS au 33700.", "Signalez-les sur cybermalveillance.gouv.fr."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-email-notices", "legit", OWN + "caisse message type: e-mail notices from ameli.fr addresses",
  "caisse e-mails with official links and benign deadlines",
  [["Bonjour,"],
   ["Votre relevé mensuel de remboursements est disponible dans votre compte ameli.",
    "Vos droits à la Complémentaire santé solidaire prennent fin le {d}. Pour éviter toute interruption, pensez à les renouveler depuis votre compte ameli.",
    "Vous avez déclaré la naissance de votre enfant : il est désormais rattaché à votre dossier.",
    "Votre demande de remboursement de soins à l'étranger a été traitée."],
   ["Connectez-vous sur https://assure.ameli.fr pour le détail.", "Retrouvez toutes vos démarches sur https://www.ameli.fr.", "Aucune action n'est nécessaire de votre part."],
   ["L'Assurance Maladie", "Votre caisse d'assurance maladie"]],
  n=10, channel="email", senders=["Assurance Maladie <ne-pas-repondre@assurance-maladie.fr>", "ameli <ne-pas-repondre@ameli.fr>"],
  subjects=["Votre relevé de remboursements", "Information sur vos droits", "Votre démarche", "Nouveau document"])

F("l-service-security-emails", "legit", OWN + "the service's own security e-mails (password changed, reset, new device)",
  "the member's own account notices, asked for or informative",
  [["Bonjour,"],
   ["Le mot de passe de votre compte a été modifié le {d} à {h}.", "Vous avez demandé à réinitialiser votre mot de passe : le lien ci-dessous est valable 30 minutes : https://assure.ameli.fr/reset?t={code}",
    "Une nouvelle connexion à votre compte a eu lieu le {d} à {h} depuis un navigateur Firefox.", "Votre adresse e-mail a bien été confirmée."],
   ["Si vous êtes à l'origine de cette action, vous n'avez rien à faire.", "Si ce n'est pas vous, changez votre mot de passe depuis ameli.fr et appelez le 36 46.",
    "Nous ne vous demanderons jamais votre mot de passe."],
   ["L'Assurance Maladie"]],
  n=10, channel="email", senders=["Assurance Maladie <ne-pas-repondre@assurance-maladie.fr>", "ameli <securite@ameli.fr>"],
  subjects=["Votre mot de passe a été modifié", "Réinitialisation de votre mot de passe", "Nouvelle connexion", "Adresse e-mail confirmée"])

# --- banks, mutuelles -------------------------------------------------------------------------
F("l-bank-never-ask", "legit", OWN + "bank notices that say they will never ask", "banks' genuine warnings and notices",
  [["Votre banque :", "Crédit Mutuel :", "Banque Populaire :", "La Banque Postale :"],
   ["votre nouvelle carte est disponible en agence.", "un virement de {amt} de CPAM a été crédité sur votre compte.", "votre plafond de paiement a été modifié à votre demande.",
    "un faux conseiller peut vous appeler en se présentant comme notre service fraude."],
   ["Nous ne vous demanderons jamais vos codes par téléphone ou SMS.", "Votre conseiller ne vous demandera jamais de valider une opération par téléphone.",
    "Pour toute question, passez par votre appli ou votre agence."]],
  n=10, senders=["=HDR"])

F("l-bank-otp", "legit", OWN + "bank one-time codes for the member's own payments", "3-D Secure / login codes the member asked for",
  [["Votre code de validation est {code}", "Code de sécurité : {code}", "Code {code}"],
   ["pour le paiement de {amt} chez PHARMACIE {last}.", "pour votre connexion à l'espace client.", "pour l'ajout d'un bénéficiaire."],
   ["Ne le communiquez à personne.", "Votre conseiller ne vous le demandera jamais.", "Si vous n'êtes pas à l'origine de cette opération, ne le saisissez pas."]],
  n=10, senders=["BANQUE", "SecurPass", "CAisse"])

F("l-bank-card-alert", "legit", OWN + "bank card payment alerts pointing to the bank's own app",
  "card alert asking to check in the app or call the number on the card",
  [["Opération de {amt} sur votre carte.", "Paiement refusé de {amt}.", "Paiement inhabituel de {amt} à l'étranger."],
   ["Si vous n'en êtes pas à l'origine, faites opposition dans votre appli.", "Vérifiez-le dans votre appli bancaire.",
    "En cas de doute, appelez le numéro au dos de votre carte."]],
  n=8, senders=["BANQUE", "CMUT", "LBP"])

F("l-mutuelle-refund", "legit", OWN + "mutuelle refund and quote notices", "mutuelle refunds with amounts and the member's usual space",
  [["Votre mutuelle :", "Mutuelle {last} :", "MGEN :", "Harmonie Mutuelle :"],
   ["nous avons remboursé {amt} pour vos frais d'optique.", "votre devis dentaire a été étudié : prise en charge de {amt}.", "un remboursement de {amt} a été effectué."],
   ["Détail dans votre espace adhérent habituel.", "Aucune démarche n'est nécessaire.", "Il apparaîtra sur votre compte sous 3 jours."]],
  n=10, senders=["=HDR"])

F("l-mutuelle-card", "legit", OWN + "mutuelle tiers-payant card and cotisation notices", "new tiers-payant card, échéancier",
  [["Votre mutuelle :", "Mutuelle {last} :"],
   ["votre nouvelle carte de tiers payant est disponible. Téléchargez-la dans votre espace adhérent ou l'appli.",
    "votre échéancier de cotisations est disponible. Le premier prélèvement aura lieu le 5 du mois.",
    "votre adhésion prend effet le {d}. Votre carte de tiers payant vous sera envoyée par courrier.",
    "votre attestation de mutuelle est disponible dans votre espace adhérent."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=["MUTUELLE", "{fix}"])

# --- other public services, genuine ---------------------------------------------------------------
F("l-impots-notices", "legit", OWN + "impots.gouv.fr genuine notices", "tax notices with impots.gouv.fr",
  [["DGFiP :", "Impots.gouv :", "Finances publiques :"],
   ["votre avis d'impôt est disponible dans votre espace particulier sur impots.gouv.fr.", "la déclaration de revenus en ligne est ouverte jusqu'au {d}. Connectez-vous sur https://www.impots.gouv.fr.",
    "un remboursement de {amt} a été effectué sur votre compte. Détail dans votre espace particulier.", "votre taux de prélèvement à la source a été mis à jour. Détail dans votre espace particulier."],
   ["", "Ce message ne demande pas de réponse."]],
  n=10, senders=["=HDR"])

F("l-impots-email", "legit", OWN + "impots.gouv.fr genuine e-mails", "tax e-mails from impots.gouv.fr",
  [["Bonjour,"],
   ["Votre avis d'impôt sur les revenus est disponible dans votre espace particulier.", "Votre déclaration de revenus a bien été enregistrée.",
    "Le montant de votre prélèvement à la source a été modifié à la suite de votre déclaration."],
   ["Pour le consulter, connectez-vous sur https://www.impots.gouv.fr.", "Aucune démarche n'est nécessaire.", "La DGFiP ne vous demandera jamais vos coordonnées bancaires par e-mail."],
   ["La Direction générale des Finances publiques"]],
  n=7, channel="email", senders=["DGFiP <ne-pas-repondre@dgfip.finances.gouv.fr>"], subjects=["Votre avis d'impôt", "Déclaration enregistrée", "Prélèvement à la source"])

F("l-caf-notices", "legit", OWN + "genuine CAF messages (caf.fr)", "CAF payments and declarations on caf.fr",
  [["Caf :", "Votre Caf :", "Caf de {city} :"],
   ["votre aide au logement a été versée le {d}. Consultez le détail sur caf.fr.", "votre déclaration trimestrielle est à faire avant le 15. Rendez-vous sur caf.fr, rubrique Mon Compte.",
    "votre prime d'activité de {amt} a été versée. Détail dans l'appli Caf - Mon Compte.", "votre changement de situation a bien été enregistré."],
   ["", "Ce message ne demande pas de réponse."]],
  n=9, senders=["CAF", "Caf"])

F("l-francetravail-notices", "legit", OWN + "genuine France Travail messages (francetravail.fr)", "actualisation and appointments",
  [["France Travail :", "Votre agence France Travail :"],
   ["n'oubliez pas de vous actualiser entre le 28 et le 15. Connectez-vous sur francetravail.fr ou l'appli.",
    "votre rendez-vous avec votre conseiller est fixé le {d} à {h}. Pensez à apporter votre CV et une pièce d'identité.",
    "votre allocation de {amt} a été versée. Détail dans votre espace personnel.", "votre attestation employeur a bien été reçue."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=["FranceTrav", "FT"])

F("l-laposte-delivery", "legit", OWN + "genuine La Poste / Colissimo delivery notifications without asks", "carrier notifications with tracking on laposte.fr",
  [["Colissimo :", "La Poste :"],
   ["votre colis {colis} sera livré demain entre 9h et 13h. Suivi : https://www.laposte.fr/outils/suivre-vos-envois",
    "votre lettre recommandée vous attend au bureau de poste jusqu'au {d}. Munissez-vous d'une pièce d'identité.",
    "votre colis {colis} a été déposé dans votre boîte aux lettres.", "votre colis {colis} est disponible en bureau de poste jusqu'au {d}, avec une pièce d'identité."],
   ["", "Aucun frais à régler.", "Bonne journée."]],
  n=10, senders=["=HDR"])

F("l-carriers-delivery", "legit", OWN + "genuine carriers' notifications (Chronopost, Mondial Relay, DPD) with pickup codes",
  "parcel available with a pickup code, no payment",
  [["Chronopost :", "Mondial Relay :", "DPD :", "Relais Colis :"],
   ["votre colis est disponible dans votre point relais.", "votre colis sera livré aujourd'hui entre {h} et 18h.", "votre colis est arrivé en consigne."],
   ["Code de retrait : {code4}.", "Présentez ce code au commerçant : {code4}.", "Suivez-le sur le site du transporteur avec votre numéro de commande."]],
  n=10, senders=["=HDR"])

F("l-ants-mairie", "legit", OWN + "ANTS / mairie ID card messages (documents to bring)", "ID card ready at the town hall",
  [["ANTS :", "Mairie de {city} :"],
   ["votre carte d'identité est disponible en mairie. Venez la retirer avec votre récépissé et l'ancienne carte.",
    "votre passeport est prêt. Retrait sur rendez-vous, sans frais.",
    "votre rendez-vous pour votre titre d'identité est confirmé le {d} à {h}. Apportez votre pré-demande, une photo et un justificatif de domicile.",
    "votre permis de conduire a été expédié par courrier suivi."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=["ANTS", "MAIRIE"])

F("l-retraite-msa-urssaf", "legit", OWN + "genuine notices of retirement funds, MSA and Urssaf", "other social-security bodies' notices",
  [["Assurance retraite : votre pension a été revalorisée au 1er janvier. Le nouveau montant figure dans votre espace personnel sur lassuranceretraite.fr.",
    "Assurance retraite : votre attestation fiscale est disponible dans votre espace personnel.",
    "MSA : votre attestation de paiement des indemnités journalières est disponible dans votre espace privé sur msa.fr.",
    "MSA : votre dossier est complet. Aucune démarche n'est nécessaire.",
    "Urssaf : votre échéancier de cotisations est disponible dans votre espace sur urssaf.fr.",
    "Urssaf : votre déclaration de chiffre d'affaires a bien été enregistrée."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=["=HDR"])

# --- relatives and friends -------------------------------------------------------------------------
F("l-family-codes", "legit", OWN + "personal messages mentioning codes innocently", "door, wifi, parking and gate codes",
  [["Maman,", "Salut,", "Coucou,", "Hello,"],
   ["le code de la porte c'est {code4}B.", "le code du wifi est sur le frigo, sinon c'est Soleil{code4}.", "pour le parking le code c'est {code4}.",
    "le digicode a changé, nouveau code : {code4}A."],
   ["À tout à l'heure !", "Bisous", "Tu montes au 3e.", "Je rentre vers 19h."]],
  n=12, senders=["{mob}"])

F("l-family-money", "legit", OWN + "personal messages about money between relatives", "sharing costs, RIB between friends, tu-tone",
  [["Je t'envoie mon RIB", "J'ai fait le virement", "Tu me dois rien", "Je te rembourse demain"],
   ["pour le gîte, on partage les {amt}.", "de {amt} pour le cadeau de {first}.", "pour le resto, c'était ma tournée.", "pour les courses de samedi."],
   ["Merci !", "Dis-moi si tu l'as bien reçu.", "Pas d'urgence 🙂", "Bises"]],
  n=10, senders=["{mob}"])

F("l-family-vitale", "legit", OWN + "personal messages about carte Vitale and health", "relatives asking to bring a carte Vitale",
  [["Tu peux apporter la carte Vitale de papa ?", "J'ai oublié ma carte Vitale sur la table,", "Mamie a reçu sa nouvelle carte Vitale,",
    "N'oublie pas ta carte Vitale pour le dentiste demain,"],
   ["elle est dans le tiroir de l'entrée.", "tu peux la déposer au cabinet ?", "il faudra la mettre à jour en pharmacie.", "le rendez-vous est à {h}."],
   ["Merci !", "Bisous", "À ce soir", ""]],
  n=10, senders=["{mob}"])

F("l-friends-scam-warning", "legit", OWN + "friends forwarding or describing a scam", "reported speech about a scam",
  [["J'ai reçu un SMS bizarre", "Attention, il y a une arnaque qui circule :", "Ma voisine a reçu un faux SMS", "Méfie-toi,"],
   ["soi-disant d'ameli qui demandait mon RIB.", "un faux message qui demande de payer la carte Vitale.", "qui demandait de rappeler un 09.",
    "un faux conseiller demande de lui lire le code reçu par SMS."],
   ["Je l'ai signalé au 33700.", "J'ai rien donné, évidemment.", "Ne clique surtout pas.", "J'ai appelé le 36 46 pour vérifier."]],
  n=10, senders=["{mob}"])

F("l-association-school", "legit", OWN + "associations, schools and clubs asking payments through their usual channels",
  "school/club fees by cheque or transfer, known contacts",
  [["Club de foot :", "Association des parents d'élèves :", "École {last} :", "Chorale de {city} :"],
   ["la cotisation annuelle ({amt}) est à régler avant le {d}.", "la sortie scolaire coûte 12 €.", "l'adhésion est ouverte pour la rentrée."],
   ["Par chèque ou virement, le RIB est sur le site du club.", "Paiement à remettre dans le cahier de liaison.", "Règlement sur place lors de la permanence."]],
  n=8, senders=["{mob}", "{fix}"])

F("l-energy-telecom", "legit", OWN + "energy and telecom bills from the member's suppliers", "bills available in the customer area",
  [["EDF :", "Engie :", "Orange :", "Free :", "SFR :"],
   ["votre facture de {amt} est disponible. Consultez-la dans votre espace client.", "votre prélèvement de {amt} aura lieu le {d}. Aucune action n'est nécessaire.",
    "votre échéancier a été mis à jour. Retrouvez le détail dans l'appli.", "votre facture de {amt} a bien été réglée. Merci."]],
  n=8, senders=["=HDR"])

F("l-doctolib-genuine", "legit", OWN + "genuine Doctolib reminders (doctolib.fr)", "Doctolib reminders and teleconsultation links",
  [["Doctolib :", "Rappel Doctolib :"],
   ["RDV confirmé avec Dr {last} le {d} à {h}.", "votre téléconsultation avec Dr {last} commence dans 15 minutes.", "votre RDV de demain est maintenu."],
   ["Gérer votre RDV : https://www.doctolib.fr/account", "Rejoignez-la depuis l'appli Doctolib.", "Pensez à votre carte Vitale."]],
  n=9, senders=["Doctolib"])

F("l-monespacesante-genuine", "legit", OWN + "genuine Mon espace santé notifications", "new document in Mon espace santé, official domain",
  [["Mon espace santé :", "Mon espace santé -"],
   ["le laboratoire a ajouté un document à votre profil.", "votre médecin vous a envoyé un message.", "votre profil a été créé."],
   ["Consultez-le sur https://www.monespacesante.fr ou l'appli.", "Connectez-vous sur monespacesante.fr.", "Retrouvez-le dans l'appli Mon espace santé."]],
  n=8, senders=["MonEspSante"])

# --- more genuine families ---------------------------------------------------------------------
F("l-optician", "legit", OWN + "opticians' messages (100 % Santé, reste à charge)", "glasses ready, remaining cost, documents",
  [["Krys :", "Optic 2000 :", "Opticien {last} :", "Atol :"],
   ["vos lunettes sont prêtes. Reste à charge : 0 € avec le 100 % Santé.", "vos lentilles sont arrivées. Montant à régler au retrait : {amt} après remboursement.",
    "votre devis 100 % Santé est prêt. Apportez votre ordonnance et votre carte Vitale.", "vos lunettes sont prêtes. Votre attestation de mutuelle sera vérifiée au retrait."]],
  n=10, senders=["{fix}", "KRYS", "OPTIC2000"])

F("l-nurse-midwife", "legit", OWN + "nurses and midwives texting their patients", "home visits, informal but genuine",
  [["Bonjour, c'est {first}, votre infirmière.", "Bonjour, c'est {first}, votre sage-femme.", "Cabinet infirmier :"],
   ["Je passerai demain vers 8h pour la prise de sang.", "Je dois décaler notre séance de demain à {h}.", "Pour le pansement de demain, pensez au matériel de la pharmacie."],
   ["Laissez l'ordonnance et la carte Vitale sur la table.", "Préparez votre carte Vitale, je la passerai dans mon lecteur.", "Merci et bonne soirée."]],
  n=9, senders=["{mob}"])

F("l-caisse-medecin-traitant", "legit", OWN + "caisse message type: médecin traitant notices", "médecin traitant declared or to declare at the practice",
  [["Assurance Maladie :", "Ameli :"],
   ["votre déclaration de médecin traitant a bien été prise en compte. Aucune démarche supplémentaire n'est nécessaire.",
    "vous n'avez pas encore de médecin traitant. Votre médecin peut le déclarer lors de votre prochaine consultation, gratuitement.",
    "votre médecin traitant a cessé son activité. Votre nouveau médecin fera la déclaration en ligne avec votre carte Vitale.",
    "votre changement de médecin traitant est enregistré depuis le {d}."],
   ["", "Plus d'informations sur ameli.fr."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-examen-sante", "legit", OWN + "caisse message type: examen de prévention at the centre d'examens de santé",
  "free health check reminders",
  [["Centre d'examens de santé de {city} :", "Assurance Maladie :"],
   ["votre examen de prévention en santé a lieu le {d} à {h}. Venez à jeun avec votre carte Vitale et vos derniers examens.",
    "vous êtes invité à un bilan de santé gratuit, pris en charge à 100 %. Prenez rendez-vous au {fix}.",
    "rappel de votre bilan demain à {h}. Pensez à votre carte Vitale et à vos lunettes."],
   ["", "Merci de prévenir en cas d'empêchement."]],
  n=8, senders=AMELI_SMS + ["{fix}"])

F("l-caisse-maternite", "legit", OWN + "caisse message type: maternity and newborn notices", "maternity leave, prenatal interview, newborn",
  [["Assurance Maladie :", "Votre CPAM :"],
   ["votre congé maternité débute le {d}. Vos indemnités journalières vous seront versées tous les 14 jours.",
    "vous êtes enceinte ? Un entretien prénatal précoce est pris en charge à 100 %. Parlez-en à votre sage-femme ou à votre médecin.",
    "votre enfant a été rattaché à votre dossier. Sa carte Vitale n'est pas nécessaire avant 12 ans.",
    "votre déclaration de grossesse a bien été reçue. Vos examens sont pris en charge selon le calendrier de suivi."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-provisional-code", "legit", OWN + "caisse message type: account creation with a provisional code by post",
  "provisional code by post, never by phone",
  [["Assurance Maladie :", "Ameli :"],
   ["votre code provisoire vous sera envoyé par courrier sous 5 jours, à l'adresse connue de votre caisse.",
    "votre compte ameli est activé. Connectez-vous sur ameli.fr avec votre numéro de sécurité sociale.",
    "votre demande de nouveau code provisoire a bien été prise en compte. Il vous parviendra par courrier.",
    "votre code provisoire arrive par courrier : aucun conseiller ne vous le demandera."],
   ["", "Ce message ne demande pas de réponse."]],
  n=8, senders=AMELI_SMS)

F("l-caisse-deadlines", "legit", OWN + "caisse message type: benign deadlines and closures on the official channel",
  "deadlines and 'sera clôturé' with official channel only",
  [["Assurance Maladie :", "Votre CPAM :", "Ameli :"],
   ["sans réponse de votre part avant le {d}, votre dossier sera clôturé.", "le délai pour envoyer votre feuille de soins est de 2 ans.",
    "votre compte ameli n'a pas été utilisé depuis 24 mois et sera désactivé le {d}.", "il vous reste 15 jours pour compléter votre demande."],
   ["Connectez-vous à votre compte ameli, rubrique Mes démarches.", "Passé ce délai, les soins ne sont plus remboursés.", "Une simple connexion sur ameli.fr suffit à le conserver.",
    "Vous pouvez aussi envoyer les pièces par courrier à votre caisse."]],
  n=10, senders=AMELI_SMS)

F("l-caisse-transport-ald", "legit", OWN + "caisse message type: prior approvals (transport, ALD, kiné)", "approvals granted, no ask",
  [["Assurance Maladie :", "Votre CPAM :"],
   ["votre prise en charge des frais de transport est accordée jusqu'au {d}.", "votre affection de longue durée est reconnue : les soins en rapport sont pris en charge à 100 %.",
    "votre accord de prise en charge pour des soins de kinésithérapie est validé.", "votre demande d'entente préalable a été acceptée."],
   ["Votre médecin a été informé.", "Aucune démarche n'est nécessaire.", ""]],
  n=8, senders=AMELI_SMS)

F("l-caisse-survey", "legit", OWN + "caisse message type: anonymous satisfaction survey (no reward, no data)",
  "survey after a contact, no personal data asked",
  [["Bonjour,"],
   ["Vous avez récemment contacté votre caisse.", "Vous êtes venu(e) à l'accueil de votre CPAM le {d}."],
   ["Aidez-nous à améliorer nos services en répondant à un questionnaire anonyme de 2 minutes depuis votre compte ameli, rubrique Mes messages.",
    "Donnez votre avis en 3 questions, sans aucune donnée personnelle, dans la messagerie de votre compte ameli.",
    "Ce questionnaire est facultatif et ne vous demande aucune information personnelle : https://www.ameli.fr/enquete"],
   ["L'Assurance Maladie", "Votre caisse d'assurance maladie"]],
  n=6, channel="email", senders=["Assurance Maladie <ne-pas-repondre@assurance-maladie.fr>"], subjects=["Votre avis compte", "Questionnaire de satisfaction"])

F("l-antai-genuine", "legit", OWN + "genuine ANTAI notices on antai.gouv.fr", "dematerialised fine notice on the official site",
  [["ANTAI :", "Agence nationale de traitement automatisé des infractions :"],
   ["un avis de contravention est disponible dans votre espace sur https://www.antai.gouv.fr.",
    "votre paiement de l'amende a bien été enregistré. Aucune démarche supplémentaire n'est nécessaire.",
    "votre désignation de conducteur a été prise en compte.", "votre contestation a bien été reçue. Vous recevrez une réponse par courrier."],
   ["", "Ce message ne demande pas de réponse."]],
  n=7, senders=["ANTAI"])

F("l-cpf-genuine", "legit", OWN + "genuine Mon Compte Formation notices", "CPF rights credited, official site, no call",
  [["Mon Compte Formation :", "CPF :"],
   ["vos droits de l'année ont été crédités. Consultez-les sur moncompteformation.gouv.fr avec FranceConnect+.",
    "votre inscription à la formation a été validée par l'organisme. Détail dans votre espace.",
    "votre solde est consultable sur moncompteformation.gouv.fr. Aucun conseiller ne vous appellera pour l'utiliser.",
    "votre formation commence le {d}. Le détail est dans votre espace."],
   ["", "Ce message ne demande pas de réponse."]],
  n=7, senders=["CPF"])

F("l-hospital-bill", "legit", OWN + "hospital bills payable at the cashier or on payfip.gouv.fr", "bills with amounts and official payment channels",
  [["Bonjour,", "Madame, Monsieur,"],
   ["Votre séjour du {d} a été pris en charge par l'Assurance Maladie. Il reste à votre charge {amt} de forfait journalier.",
    "Votre consultation aux urgences donne lieu à une participation de 19,61 €.", "Votre facture de consultation externe est disponible."],
   ["Vous pouvez la régler à la caisse de l'hôpital ou sur https://www.payfip.gouv.fr avec la référence indiquée sur la facture.",
    "Votre mutuelle peut la prendre en charge : transmettez-lui la facture.", "Le règlement se fait par le Trésor public, à réception de l'avis."],
   ["Le service des admissions", "Bureau des frais de séjour"]],
  n=8, channel="email", senders=["Admissions <admissions@chu-{city}.fr>", "Frais de séjour <facturation@ch-{city}.fr>"],
  subjects=["Facture de votre séjour", "Votre facture", "Frais de séjour"])

F("l-friends-health-chat", "legit", OWN + "friends chatting about ameli, refunds and the 36 46", "tu-tone chats about refunds and the caisse",
  [["Coucou,", "Salut,", "Hey,"],
   ["t'as reçu ton remboursement ameli pour l'ostéo ?", "ma carte Vitale est bloquée depuis le déménagement,", "j'ai enfin eu la CPAM au téléphone,",
    "tu sais comment on déclare un médecin traitant ?"],
   ["moi toujours rien, faut que j'appelle le 36 46.", "je passe à l'accueil demain matin.", "ils m'ont dit que c'était gratuit.", "je crois que c'est direct chez le médecin."]],
  n=10, senders=["{mob}"])

F("l-colleagues", "legit", OWN + "colleagues' messages with links and money collections", "cagnotte, meeting links, sondage",
  [["Hello l'équipe,", "Bonjour à tous,", "Salut,"],
   ["voici le lien pour la cagnotte de départ de {first} : https://www.leetchi.com/c/depart-{first}.", "le sondage pour le repas de fin d'année : https://framadate.org/repas{code4}.",
    "la réunion de demain se fera en visio, le lien est dans l'agenda."],
   ["Participation libre !", "Répondez avant jeudi svp.", "Merci à tous."]],
  n=8, senders=["{mob}"])

F("l-teleconsultation-email", "legit", OWN + "teleconsultation e-mails from practices", "video consultation links on the practice's platform",
  [["Bonjour,"],
   ["Votre téléconsultation avec le Dr {last} aura lieu le {d} à {h}.", "Votre rendez-vous vidéo de suivi est confirmé le {d} à {h}."],
   ["Le lien de connexion vous sera envoyé 15 minutes avant par Doctolib.", "Connectez-vous depuis l'appli Doctolib au moment du rendez-vous.",
    "Préparez votre carte Vitale : la téléconsultation est remboursée comme une consultation."],
   ["Cabinet médical {last}", "Le secrétariat"]],
  n=7, channel="email", senders=["Cabinet {last} <secretariat@cabinet-{last}.fr>", "Doctolib <no-reply@doctolib.fr>"],
  subjects=["Votre téléconsultation", "Rendez-vous vidéo"])

F("l-ceam-genuine", "legit", OWN + "caisse message type: carte européenne d'assurance maladie", "CEAM sent, free",
  [["Assurance Maladie :", "Ameli :"],
   ["votre carte européenne d'assurance maladie a été envoyée.", "votre demande de carte européenne est enregistrée.", "votre CEAM expire le {d}."],
   ["Elle est gratuite et valable 2 ans.", "Vous la recevrez sous 15 jours.", "Redemandez-la gratuitement depuis votre compte ameli."]],
  n=7, senders=AMELI_SMS)
