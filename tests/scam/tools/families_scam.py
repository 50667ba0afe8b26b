"""Scam families (label "scam"). Sources name the public typology each scenario comes from."""
from grow_lib import F

CM = "cybermalveillance.gouv.fr fiche « Hameçonnage (phishing) »"
CMC = "cybermalveillance.gouv.fr fiche « Arnaque au faux conseiller » (faux conseiller bancaire / faux agent)"
AM = "ameli.fr « Attention aux tentatives d'escroquerie » (faux SMS, e-mails et appels Assurance Maladie)"
S33 = "33700 reporting categories (SMS d'hameçonnage, demande de rappel, numéro surtaxé, réponse attendue)"
PRESS = "press reports 2023–2025 on fake public-service SMS (carte Vitale, ANTAI, colis, CPF)"
LINKS = "cybermalveillance.gouv.fr hameçonnage + URL-obfuscation typology (Rspamd url_suspect, SpamAssassin)"
PH = ["+33 6 39 98 {p2} {p2}", "+33 7 57 12 {p2} {p2}", "{imob}", "{mob}"]
MOB = PH + ["AMELI-INFO", "Ameli"]
AMELI_HDR = ["Ameli :", "Assurance Maladie :", "CPAM :", "AMELI -", "Votre CPAM :", "Info Assurance Maladie :",
             "L'Assurance Maladie vous informe :"]

# --- off-channel moves -------------------------------------------------------------------
F("s-whatsapp-number", "scam", S33 + " ; " + AM, "brand claim, the ask moves to a WhatsApp number",
  [AMELI_HDR,
   ["votre remboursement de {amt} est en attente de validation.", "votre dossier nécessite une vérification rapide.",
    "un versement de {amt} n'a pas pu aboutir.", "votre carte Vitale doit être réactivée."],
   ["Pour le traiter, écrivez à notre service sur WhatsApp au {imob}.", "Contactez notre conseiller sur WhatsApp : {imob}.",
    "Un agent vous répond sur WhatsApp au {imob}, envoyez « DOSSIER ».",
    "Poursuivez l'échange sur WhatsApp ({imob}) avec votre numéro de dossier."],
   ["", "Réponse sous 24h.", "Service disponible 7j/7."]],
  n=12, senders=MOB, tricks=["off_channel_whatsapp"])

F("s-telegram-handle", "scam", S33 + " ; " + CM, "brand claim, the ask moves to a Telegram handle",
  [["Assurance Maladie :", "CPAM :", "Ameli Service Client :", "France Travail :", "Caf :"],
   ["suite à une erreur, vos droits sont suspendus.", "vous êtes éligible à une aide exceptionnelle de {amt}.",
    "votre demande ne peut être traitée par SMS.", "une régularisation de {amt} vous est due."],
   ["Rejoignez notre assistance sur Telegram : @ameli_assistance_fr", "Écrivez-nous sur Telegram (@service_remboursement) pour la suite.",
    "Contact unique : Telegram @cpam_dossiers, indiquez votre nom et votre date de naissance.",
    "Un conseiller vous attend sur Telegram, identifiant @aide_assures."]],
  n=10, senders=MOB, tricks=["off_channel_telegram"])

F("s-reply-oui-refund", "scam", S33 + " ; " + AM, "reply OUI to receive a refund, then data is asked",
  [AMELI_HDR,
   ["un remboursement de {amt} vous est dû.", "nous vous devons {amt} au titre de soins de l'an dernier.",
    "un trop-perçu de {amt} doit vous être reversé.", "votre remboursement de {amt} est prêt."],
   ["Répondez OUI pour le recevoir.", "Pour l'accepter, répondez OUI à ce SMS.", "Tapez OUI en réponse pour déclencher le virement.",
    "Répondez simplement OUI, un agent vous contactera."],
   ["", "Sans réponse sous 48h, il sera annulé.", "Offre valable aujourd'hui seulement.", "Répondez STOP pour ne plus recevoir de SMS."]],
  n=12, senders=MOB, tricks=["reply_oui", "fake_refund"])

F("s-reply-oui-vitale", "scam", S33 + " ; " + PRESS, "reply OUI about a new carte Vitale",
  [["Carte Vitale :", "Ameli :", "Assurance Maladie :", "Info Vitale :"],
   ["votre nouvelle carte Vitale avec photo est prête.", "votre carte Vitale arrive à expiration le {d}.",
    "la nouvelle carte Vitale biométrique est disponible pour vous.", "votre carte actuelle ne sera plus acceptée en pharmacie."],
   ["Répondez OUI pour confirmer l'envoi à votre domicile.", "Répondez OUI et nous vous rappellerons pour la livraison.",
    "Pour la recevoir, répondez OUI suivi de votre code postal.", "Confirmez par OUI, un conseiller finalisera la commande."]],
  n=10, senders=MOB, tricks=["reply_oui"])

F("s-callback-09-dossier", "scam", S33 + " ; " + AM, "call back a 09 number about a file problem",
  [AMELI_HDR,
   ["votre dossier présente une anomalie bloquant vos remboursements.", "un contrôle a été ouvert sur votre dossier.",
    "nous n'avons pas pu vous joindre concernant votre dossier n° {ref}.", "vos droits seront suspendus le {d}."],
   ["Rappelez le {n09} au plus vite.", "Merci de rappeler votre conseiller au {n09}.",
    "Contactez le service régularisation au {n09} avant 18h.", "Appelez le {n09} en indiquant la référence {ref}."],
   ["", "Sans rappel de votre part, le dossier sera clôturé.", "Munissez-vous de votre carte Vitale."]],
  n=12, senders=MOB, tricks=["callback_number"])

F("s-callback-01-fraud-alert", "scam", CMC + " ; " + AM, "fake fraud alert on the ameli account, call back a landline",
  [["Ameli :", "Assurance Maladie :", "Alerte sécurité ameli :", "CPAM - Service fraude :"],
   ["une connexion suspecte à votre compte a été détectée depuis l'étranger.", "votre numéro de sécurité sociale a été utilisé pour une demande frauduleuse.",
    "une modification de votre RIB est en cours.", "quelqu'un tente de changer l'adresse de votre compte."],
   ["Si vous n'êtes pas à l'origine de cette opération, rappelez immédiatement le {fix}.", "Pour l'annuler, appelez le service sécurité au {fix}.",
    "Contactez sans attendre notre cellule anti-fraude : {fix}.", "Appelez le {fix} pour bloquer l'opération."]],
  n=10, senders=MOB, tricks=["callback_number", "fake_fraud_alert"])

F("s-scripted-call-code", "scam", CMC + " ; " + AM, "announced call: read out the code you are about to receive",
  [AMELI_HDR,
   ["un conseiller va vous appeler dans quelques minutes pour sécuriser votre compte.", "pour finaliser votre remboursement, un agent vous contactera aujourd'hui.",
    "suite à votre dossier, un conseiller vous téléphonera dans l'heure.", "notre service vous appellera pour vérifier votre identité."],
   ["Lisez-lui le code que vous allez recevoir par SMS.", "Vous recevrez un code à 6 chiffres : donnez-le au conseiller.",
    "Communiquez-lui le code de vérification qui va vous être envoyé.", "Il vous demandera le code reçu par SMS, c'est normal."],
   ["", "Ne raccrochez pas avant la fin de la procédure.", "Cette vérification est obligatoire."]],
  n=12, senders=MOB, tricks=["code_to_caller", "fake_agent_call"])

F("s-scripted-call-email", "scam", CMC, "e-mail announcing a call and asking to read out codes and card data",
  [["Bonjour,", "Madame, Monsieur,", "Cher assuré,"],
   ["Suite à un incident sur votre dossier, un conseiller de l'Assurance Maladie vous appellera le {d} entre 9h et 12h.",
    "Votre caisse a programmé un rendez-vous téléphonique de vérification de vos droits le {d}.",
    "Dans le cadre de la lutte contre la fraude, votre identité doit être confirmée par téléphone."],
   ["Lors de l'appel, tenez prêts votre carte bancaire et votre téléphone : vous recevrez un code de confirmation à lire au conseiller.",
    "Le conseiller vous demandera de lui lire le code reçu par SMS ainsi que les 16 chiffres de votre carte.",
    "Pour gagner du temps, préparez le code reçu par SMS pendant l'appel et votre RIB."],
   ["Cordialement,\nService vérification - Assurance Maladie", "L'équipe Assurance Maladie", "Votre conseiller CPAM"]],
  n=9, channel="email",
  senders=["Assurance Maladie <service.verification@cpam-assure.fr>", "CPAM <rdv-conseiller@gmail.com>", "Ameli <contact@ameli-rdv.com>"],
  subjects=["Rendez-vous téléphonique de vérification", "Appel de votre conseiller", "Vérification de vos droits"],
  tricks=["code_to_caller", "request_card"])

F("s-reply-nir", "scam", S33 + " ; " + AM, "reply with the NIR (numéro de sécurité sociale)",
  [AMELI_HDR,
   ["votre dossier est incomplet.", "pour le versement de votre remboursement de {amt},", "afin de mettre à jour votre carte Vitale,",
    "suite à la fusion des caisses,"],
   ["répondez à ce SMS avec votre numéro de sécurité sociale.", "merci de nous renvoyer votre numéro de sécu à 15 chiffres.",
    "envoyez en réponse votre NIR et votre nom complet.", "indiquez en réponse votre numéro d'assuré social."],
   ["", "Sans réponse, votre dossier sera suspendu.", "Merci de votre compréhension."]],
  n=12, senders=MOB, tricks=["reply_with_data", "request_nir"])

F("s-reply-birthdate", "scam", S33 + " ; " + AM, "reply with birth date and postcode to 'verify' identity",
  [["Ameli :", "CPAM :", "Assurance Maladie -", "Service des assurés :"],
   ["nous devons vérifier votre identité avant le versement de vos indemnités.", "votre compte va être fermé pour inactivité.",
    "une erreur d'état civil a été détectée sur votre dossier.", "votre attestation de droits ne peut pas être générée."],
   ["Répondez avec votre date de naissance et votre code postal.", "Renvoyez-nous votre date de naissance (JJ/MM/AAAA) par SMS.",
    "Merci de répondre en indiquant votre date et lieu de naissance.", "Envoyez en réponse votre date de naissance et le nom de jeune fille de votre mère."]],
  n=10, senders=MOB, tricks=["reply_with_data", "request_personal_data"])

F("s-reply-id-documents-email", "scam", AM, "e-mail asking to reply with ID card, NIR and RIB photos",
  [["Bonjour,", "Madame, Monsieur,"],
   ["Dans le cadre d'un contrôle de vos droits, votre dossier est temporairement suspendu.",
    "Votre demande de Complémentaire santé solidaire ne peut être finalisée.",
    "Une incohérence a été relevée entre votre dossier et les données de l'administration fiscale."],
   ["Merci de répondre à cet e-mail en joignant une photo recto verso de votre pièce d'identité, votre numéro de sécurité sociale et un RIB.",
    "Renvoyez-nous par retour de mail votre carte d'identité, votre carte Vitale (recto verso) et votre RIB.",
    "Il vous suffit de répondre à ce message avec une copie de votre passeport et votre relevé d'identité bancaire."],
   ["Sans retour sous 72 heures, vos remboursements seront suspendus.", "Nous vous remercions de votre diligence.",
    "Votre dossier sera clôturé à défaut de réponse."],
   ["Service Contrôle - Assurance Maladie", "La Direction des assurés", "CPAM - Pôle vérification"]],
  n=10, channel="email",
  senders=["Assurance Maladie <controle@assurance-maladie-gouv.com>", "CPAM <cpam.dossiers@outlook.fr>",
           "ameli <verification@ameli-securite.net>"],
  subjects=["Contrôle de vos droits", "Dossier suspendu", "Pièces manquantes", "Action requise"],
  tricks=["reply_with_data", "request_documents", "request_iban"])

# --- other public services -------------------------------------------------------------
F("s-impots-refund", "scam", CM + " ; impots.gouv.fr « Alerte aux tentatives d'escroquerie »", "fake tax refund on a lookalike impots site",
  [["Impots.gouv :", "DGFiP :", "Finances publiques :", "Impôts :"],
   ["vous avez droit à un remboursement de {amt} suite au recalcul de votre impôt.", "un trop-payé de {amt} a été constaté sur votre taxe.",
    "votre remboursement d'impôt de {amt} est en attente."],
   ["Complétez votre demande sur https://impots-gouv-remboursement.com", "Confirmez vos coordonnées bancaires : https://impots.gouv-fr.info/rembourse",
    "Percevez-le ici : https://remboursement-dgfip.org/dossier", "Formulaire : https://www.impots-particulier.fr.secure-fr.net"],
   ["", "Délai : 48h.", "Passé ce délai, la somme sera perdue."]],
  n=12, senders=PH, tricks=["other_service", "lookalike_hyphen", "fake_refund"])

F("s-impots-penalty", "scam", CM + " ; impots.gouv.fr « Alerte aux tentatives d'escroquerie »", "fake tax penalty to pay now",
  [["DGFiP :", "Impôts :", "Centre des finances publiques :"],
   ["une majoration de {amt} a été appliquée à votre dossier.", "votre dernier prélèvement a été rejeté.", "un impayé de {amt} a été relevé sur votre taxe d'habitation."],
   ["Réglez par carte avant le {d} : https://paiement-impots.fr-regularisation.com", "Payez immédiatement pour éviter une saisie : https://bit.ly/dgfip-regul",
    "Régularisez en ligne : https://amendes-impots.info/payer", "Appelez le {n09} pour régler par carte bancaire."]],
  n=10, senders=PH, tricks=["other_service", "fee_payment", "threat"])

F("s-ants-permis", "scam", CM + " ; ants.gouv.fr « Attention aux sites frauduleux »", "ANTS: driving licence/ID fees on a fake site",
  [["ANTS :", "Agence Nationale des Titres Sécurisés :", "ANTS Info :"],
   ["votre demande de permis de conduire est incomplète.", "votre carte d'identité ne peut être produite.",
    "des frais de timbre de {small} restent dus pour votre titre.", "votre passeport est bloqué en préfecture."],
   ["Finalisez-la sur https://ants-gouv.fr-demarches.com", "Réglez-les ici : https://ants-titres.info/paiement",
    "Complétez votre dossier : https://bit.ly/ants-dossier", "Régularisez sur https://www.ants.gouv.fr.titres-securises.org"]],
  n=10, senders=PH, tricks=["other_service", "fee_payment"])

F("s-caf-prime-rib", "scam", CM + " ; caf.fr « Attention aux escroqueries »", "CAF: fake allowance asking bank details",
  [["CAF :", "Caf :", "Allocations familiales :", "Votre Caf :"],
   ["une prime exceptionnelle de {amt} vous a été attribuée.", "un rappel d'aide au logement de {amt} est en attente.",
    "votre prime de rentrée ne peut être versée.", "vos allocations de {d} sont bloquées."],
   ["Renseignez votre RIB : https://caf-allocataire.com/rib", "Confirmez vos coordonnées bancaires sur https://mon-compte-caf.fr",
    "Validez votre IBAN ici : https://caf.fr-versement.net", "Mettez à jour votre carte bancaire : https://t.ly/caf-prime"]],
  n=10, senders=PH, tricks=["other_service", "request_iban"])

F("s-caf-controle-documents", "scam", CM, "CAF: send ID documents by reply or WhatsApp",
  [["Caf :", "CAF - contrôle :"],
   ["un contrôle de votre dossier est en cours.", "vos aides seront suspendues le {d}.", "votre déclaration trimestrielle comporte une erreur."],
   ["Envoyez une photo de votre pièce d'identité et de votre RIB en réponse.", "Transmettez votre carte d'identité et votre numéro d'allocataire par WhatsApp au {imob}.",
    "Répondez avec votre numéro d'allocataire, votre date de naissance et votre IBAN."]],
  n=8, senders=PH, tricks=["other_service", "reply_with_data", "request_documents"])

F("s-francetravail-radiation", "scam", CM + " ; francetravail.fr « Alerte aux faux messages »", "France Travail: radiation threat, call or link",
  [["France Travail :", "Pôle emploi :", "France Travail Info :"],
   ["votre inscription sera radiée demain faute d'actualisation.", "votre allocation est suspendue suite à un contrôle.",
    "votre conseiller n'a pas pu vous joindre."],
   ["Rappelez le {n09} pour l'éviter.", "Régularisez : https://francetravail-actualisation.com", "Connectez-vous ici : https://france-travail.fr-espace.info",
    "Appelez votre conseiller au 0899 {code4} 12."]],
  n=10, senders=PH, tricks=["other_service", "threat"])

F("s-francetravail-prime", "scam", CM, "France Travail: fake bonus asking card data",
  [["France Travail :", "Pôle emploi :"],
   ["une aide à la reprise d'emploi de {amt} vous est accordée.", "votre prime d'activité de {amt} est en attente.", "vous bénéficiez d'un bonus formation de {amt}."],
   ["Pour la recevoir, indiquez votre carte bancaire : https://aides-francetravail.net", "Validez avant vendredi : https://bit.ly/ft-aide",
    "Recevez-la sur https://francetravail.aide-versement.com"]],
  n=8, senders=PH, tricks=["other_service", "request_card"])

F("s-colissimo-fees", "scam", CM + " ; laposte.fr « Fraude et tentative d'escroquerie »", "La Poste/Colissimo: small redelivery or customs fee",
  [["Colissimo :", "La Poste :", "Votre colis :", "LaPoste Info :"],
   ["votre colis {colis} est en attente, frais d'affranchissement insuffisants.", "nous n'avons pas pu livrer votre colis ce jour.",
    "des frais de douane de {small} sont à régler.", "votre colis sera renvoyé à l'expéditeur."],
   ["Payez {small} ici : https://laposte-suivi.info/{colis}", "Programmez une nouvelle livraison : https://colissimo.fr-livraison.com",
    "Réglez sous 24h : https://bit.ly/colis-{code4}", "Confirmez votre adresse : https://suivi-colis-laposte.net"]],
  n=12, senders=PH, tricks=["other_service", "fee_payment"])

F("s-chronopost-redelivery", "scam", CM + " ; press reports on fake carrier SMS", "Chronopost/DPD/Mondial Relay redelivery scams",
  [["Chronopost :", "DPD :", "Mondial Relay :", "Relais Colis :", "UPS :"],
   ["votre livraison est suspendue, adresse incomplète.", "votre colis est bloqué au centre de tri.", "un colis à votre nom attend un paiement de {small}."],
   ["Reprogrammez : https://chronopost-livraison.info/r", "Mettez à jour : https://mondialrelay-suivi.com/colis", "Réglez : https://dpd-frais.net/{colis}",
    "Validez ici : https://tinyurl.com/colis{code4}"]],
  n=10, senders=PH, tricks=["other_service", "fee_payment"])

F("s-critair", "scam", CM + " ; ecologie.gouv.fr alert on fake Crit'Air sites", "Crit'Air sticker sold on a fake site",
  [["Crit'Air :", "Vignette Crit'Air :", "Ministère de la Transition écologique :"],
   ["votre véhicule n'a pas de vignette valide, amende de 135 € possible.", "la nouvelle vignette est obligatoire dès le {d}.",
    "votre certificat qualité de l'air a expiré."],
   ["Commandez-la ({small} de frais) : https://critair-vignette.fr-commande.com", "Obtenez-la sur https://certificat-critair.info",
    "Régularisez ici : https://bit.ly/critair-{code4}"]],
  n=8, senders=PH, tricks=["other_service", "fee_payment"])

F("s-cpf-droits", "scam", CM + " ; moncompteformation.gouv.fr « Arnaques au CPF »", "CPF: rights about to expire, call or link",
  [["Mon Compte Formation :", "CPF :", "Info CPF :"],
   ["vos {amt} de droits à la formation expirent le {d}.", "il vous reste 1 800 € à utiliser avant la fin du mois.", "votre compte formation va être clôturé."],
   ["Un conseiller vous rappelle : répondez OUI.", "Appelez le {fix} pour les conserver.", "Activez-les sur https://moncompte-formation.fr-droits.com",
    "Donnez votre numéro de sécurité sociale au conseiller qui vous appellera."]],
  n=10, senders=PH, tricks=["other_service", "callback_number"])

F("s-antai-amende", "scam", CM + " ; antai.gouv.fr « Attention aux tentatives d'escroquerie »", "ANTAI: fake fine with a link",
  [["ANTAI :", "Amendes.gouv :", "Avis de contravention :"],
   ["une amende de 35 € est impayée.", "vous avez un avis de contravention en attente n°{ref}.", "excès de vitesse constaté le {d}, amende de 90 €."],
   ["Réglez avant majoration : https://antai-paiement.fr-amendes.com", "Payez ici : https://amendes-gouv.info/paiement",
    "Consultez et payez : https://bit.ly/antai-{code4}", "Paiement sécurisé : https://www.antai.gouv.fr.paiement-amende.net"]],
  n=10, senders=PH, tricks=["other_service", "fee_payment"])

F("s-antai-email", "scam", CM, "ANTAI e-mail with fine and attachment lure",
  [["Bonjour,"],
   ["Un avis de contravention a été émis à l'encontre de votre véhicule le {d}.", "Votre amende forfaitaire n'a pas été réglée dans le délai de 45 jours.",
    "Suite à un contrôle automatique, une infraction a été constatée."],
   ["Consultez la photo et réglez l'amende dans la pièce jointe avis_{ref}.html.", "Réglez 135 € sur https://antai-gouv.com/avis avant majoration à 375 €.",
    "Pour contester ou payer, connectez-vous sur https://amendes-antai.info."],
   ["Agence nationale de traitement automatisé des infractions", "ANTAI - Service paiement"]],
  n=8, channel="email", senders=["ANTAI <noreply@antai-gouv.com>", "Amendes <avis@amendes-gouv.net>"],
  subjects=["Avis de contravention", "Amende impayée - dernier avis", "Infraction constatée"], tricks=["other_service", "attachment_lure"])

F("s-urssaf-refund", "scam", CM, "URSSAF: overpayment refund or debt",
  [["URSSAF :", "Urssaf Info :"],
   ["un trop-perçu de cotisations de {amt} vous sera remboursé.", "votre compte auto-entrepreneur présente un impayé de {amt}.",
    "votre déclaration de chiffre d'affaires est incomplète."],
   ["Demandez le remboursement : https://urssaf-remboursement.com", "Régularisez sur https://urssaf.fr-compte.info", "Appelez le {n09} pour éviter une majoration."]],
  n=8, senders=PH, tricks=["other_service"])

F("s-energy-cheque", "scam", CM + " ; chequeenergie.gouv.fr « Attention aux fraudes »", "chèque énergie paid on a fake site",
  [["Chèque énergie :", "Ministère de l'énergie :", "Info chèque énergie :"],
   ["vous avez droit à {amt} d'aide cette année.", "votre chèque énergie n'a pas pu être envoyé.", "une aide exceptionnelle de 200 € est disponible."],
   ["Renseignez votre RIB : https://cheque-energie.fr-aide.com", "Recevez-le sur https://chequeenergie-gouv.info", "Activez-le : https://bit.ly/cheque-{code4}"]],
  n=8, senders=PH, tricks=["other_service", "request_iban"])

F("s-retraite-revaluation", "scam", CM, "pension revaluation asking bank details",
  [["Assurance retraite :", "Info Retraite :", "Caisse de retraite :"],
   ["votre pension a été réévaluée, un rappel de {amt} est prévu.", "votre certificat de vie n'a pas été reçu.", "le versement de votre pension est suspendu."],
   ["Confirmez votre RIB : https://info-retraite.fr-rappel.com", "Envoyez votre certificat : https://lassuranceretraite-verif.info",
    "Appelez le {n09} avec votre RIB."]],
  n=8, senders=PH, tricks=["other_service"])

# --- carte Vitale -----------------------------------------------------------------------
F("s-vitale-fee-link", "scam", PRESS + " ; " + AM, "carte Vitale renewal or update with a small fee",
  [["Carte Vitale :", "Ameli :", "Assurance Maladie :", "Votre carte Vitale :"],
   ["votre carte arrive à expiration le {d}.", "la nouvelle carte Vitale remplace l'ancienne dès le mois prochain.",
    "votre carte a été désactivée suite à une mise à jour.", "le renouvellement de votre carte est obligatoire."],
   ["Frais d'envoi : {small}.", "Des frais de fabrication de {small} s'appliquent.", "Seuls {small} de frais de port vous seront demandés.", "Coût : {small}."],
   ["Commandez-la : https://carte-vitale-renouvellement.com", "Réglez ici : https://vitale.ameli-commande.fr-carte.net",
    "Suivez ce lien : https://bit.ly/vitale-{code4}", "Lien : https://nouvelle-vitale.info"]],
  n=14, senders=MOB, tricks=["fee_payment", "vitale_payment"])

F("s-vitale-qr", "scam", PRESS + " ; cybermalveillance.gouv.fr « quishing »", "QR code to scan for carte Vitale or refund",
  [["Bonjour,", "Madame, Monsieur,"],
   ["Votre carte Vitale doit être renouvelée avant le {d}.", "Un remboursement de {amt} est en attente sur votre dossier.",
    "Votre attestation de droits a expiré."],
   ["Scannez le QR code ci-dessous avec votre téléphone pour vous identifier avec vos identifiants ameli.",
    "Flashez le QR code joint pour accéder au formulaire sécurisé et saisir votre carte bancaire.",
    "Pour des raisons de sécurité, le lien n'est accessible que via le QR code ci-joint."],
   ["[QR code]\n\nL'Assurance Maladie", "[image : QR code]\n\nService des assurés", "(QR code en pièce jointe)\n\nVotre CPAM"]],
  n=10, channel="email", senders=["Assurance Maladie <info@assurance-maladie-service.com>", "ameli <no-reply@ameli-qr.fr>",
                                  "CPAM <contact@cpam-idf.org>"],
  subjects=["Renouvellement de votre carte Vitale", "Action requise : scannez le QR code", "Remboursement en attente"],
  tricks=["qr_code", "fake_sender_address"])

F("s-vitale-app-apk", "scam", AM + " ; cybermalveillance.gouv.fr fiche « Applications malveillantes »", "install a fake carte Vitale app (.apk)",
  [["Ameli :", "Carte Vitale :", "Assurance Maladie :"],
   ["l'appli carte Vitale devient obligatoire le {d}.", "votre carte physique sera désactivée, passez à l'appli.", "pour continuer à être remboursé, activez l'e-carte Vitale."],
   ["Téléchargez-la ici : https://appli-vitale.fr-download.com/vitale.apk", "Installez l'application : https://bit.ly/appvitale (autorisez les sources inconnues)",
    "Lien direct (pas sur le store) : https://e-carte-vitale.info/app.apk", "Installez-la et autorisez l'accès à vos SMS : https://vitale-app.net"]],
  n=10, senders=MOB, tricks=["malware_download"])

F("s-vitale-delivery-address", "scam", AM, "confirm a delivery address for the new carte Vitale",
  [["Ameli :", "Assurance Maladie :", "CPAM :"],
   ["votre nouvelle carte Vitale n'a pas pu être livrée.", "votre carte Vitale est prête à être expédiée.", "le courrier contenant votre carte Vitale nous a été retourné."],
   ["Confirmez votre adresse : https://vitale-livraison.fr-suivi.com", "Mettez à jour votre adresse sur https://ameli-courrier.info",
    "Vérifiez vos coordonnées : https://tinyurl.com/vitale-adr"]],
  n=8, senders=MOB, tricks=["lookalike_hyphen"])

# --- fake refunds, mutuelle ------------------------------------------------------------
F("s-refund-optique-dentaire", "scam", AM, "refund for glasses/dental care needs card details",
  [["Ameli :", "Assurance Maladie :", "CPAM :"],
   ["votre remboursement optique de {amt} a été validé.", "vos soins dentaires donnent droit à un complément de {amt}.",
    "le remboursement de vos lunettes 100 % Santé est prêt."],
   ["Saisissez votre carte bancaire pour le recevoir : https://remboursement-optique.info", "Validez le versement sur https://ameli-soins.fr-versement.com",
    "Indiquez votre numéro de carte et la date d'expiration : https://bit.ly/remb-{code4}"]],
  n=8, senders=MOB, tricks=["fake_refund", "request_card"])

F("s-refund-overpayment-email", "scam", AM + " ; " + CM, "e-mail about an overpayment refund on a lookalike site",
  [["Bonjour,", "Cher assuré,", "Madame, Monsieur,"],
   ["Après un nouveau calcul de vos remboursements de l'année, un montant de {amt} vous est dû.",
    "Suite à une erreur de tarification de votre pharmacie, la somme de {amt} doit vous être reversée.",
    "Un remboursement de {amt} n'a pas pu être effectué : vos coordonnées bancaires sont obsolètes."],
   ["Pour le recevoir, connectez-vous et confirmez vos coordonnées bancaires : https://ameli.fr-remboursement.com/assure",
    "Cliquez ici pour le recevoir sous 3 jours : https://espace-assure-ameli.net/remb",
    "Complétez le formulaire sécurisé : https://assure-ameli.info/formulaire"],
   ["L'Assurance Maladie", "Service remboursement", "Votre caisse d'assurance maladie"]],
  n=10, channel="email", senders=["Assurance Maladie <remboursement@ameli-assure.com>", "ameli.fr <noreply@securite-ameli.fr>",
                                  "Assurance Maladie <service@assurance-maladie.info>"],
  subjects=["Remboursement en attente", "Votre remboursement de soins", "Avis de remboursement"], tricks=["fake_refund", "fake_sender_address"])

F("s-mutuelle-fake-refund", "scam", CM + " ; fiches mutuelles (Mutualité française) on phishing", "fake mutuelle refund or contract update",
  [["Votre mutuelle :", "Mutuelle santé :", "Complémentaire santé :", "MGEN Info :"],
   ["un remboursement complémentaire de {amt} est disponible.", "votre contrat sera résilié faute de mise à jour de votre RIB.",
    "votre carte de tiers payant a expiré."],
   ["Validez vos coordonnées bancaires : https://mutuelle-remboursement.info", "Mettez à jour votre IBAN : https://espace-adherent-mutuelle.com",
    "Recevez-la ici : https://bit.ly/mutuelle-{code4}"]],
  n=9, senders=PH, tricks=["fake_refund", "request_iban"])

F("s-mutuelle-cold-call", "scam", CMC + " ; DGCCRF alert on « démarchage mutuelle »", "fake obligatory new mutuelle, call back",
  [["Info santé :", "Assurance Maladie :", "Complémentaire obligatoire :"],
   ["la réforme du {d} vous oblige à changer de complémentaire santé.", "votre mutuelle actuelle ne sera plus remboursée.",
    "vous êtes éligible à une mutuelle gratuite prise en charge par l'État."],
   ["Rappelez le {n09} avec votre numéro de sécurité sociale.", "Un conseiller vous appellera : tenez votre RIB à disposition.",
    "Contactez-nous au {fix}, offre limitée."]],
  n=8, senders=PH, tricks=["callback_number"])

# --- link tricks ------------------------------------------------------------------------
F("s-userinfo-trick", "scam", LINKS, "https://ameli.fr@host userinfo trick",
  [AMELI_HDR,
   ["votre dossier est incomplet.", "un remboursement de {amt} est en attente.", "votre compte a été restreint.", "votre attestation est disponible."],
   ["Connectez-vous : https://ameli.fr@198.51.100.{code4}/connexion", "Détails : https://assure.ameli.fr@ameli-dossier.com/espace",
    "Accès : https://www.ameli.fr:443@remb-assure.net/login", "Lien : http://ameli.fr@secure-compte.info/"]],
  n=10, senders=MOB, tricks=["userinfo_trick"])

F("s-ipv6-mapped", "scam", LINKS, "IPv4-mapped / IPv4-compatible IPv6 literal host",
  [AMELI_HDR,
   ["vos remboursements sont bloqués.", "confirmez vos informations avant le {d}.", "votre carte Vitale doit être mise à jour.", "vous avez un nouveau message."],
   ["https://[::ffff:203.0.113.17]/ameli", "Lien : http://[::ffff:c633:6412]/compte", "Rendez-vous sur https://[::198.51.100.23]/assure",
    "Connexion : https://[0:0:0:0:0:ffff:cb00:7101]/login"]],
  n=10, senders=MOB, tricks=["ipv6_mapped", "ip_link"])

F("s-numeric-ip", "scam", LINKS, "decimal, octal and hex IPv4 hosts",
  [AMELI_HDR,
   ["votre remboursement est prêt.", "action requise sur votre compte.", "dossier incomplet, finalisez-le.", "votre carte Vitale est suspendue."],
   ["http://3405803828/ameli", "https://0xCB007101/assure", "http://0313.0000.0161.0021/remb", "https://3325256815/compte", "http://0xc6.0x33.0x64.0x17/vitale"]],
  n=12, senders=MOB, tricks=["ip_link"])

F("s-shortener", "scam", LINKS + " ; " + S33, "URL shorteners hiding the target",
  [AMELI_HDR,
   ["votre remboursement de {amt} est en attente.", "votre dossier sera clôturé sous 48h.", "mettez à jour votre carte Vitale.", "vos droits expirent aujourd'hui."],
   ["https://bit.ly/am{code4}", "https://tinyurl.com/cpam-{code4}", "https://cutt.ly/vitale{code4}", "https://rb.gy/{code4}x", "https://is.gd/ameli{code4}",
    "https://t.ly/Am{code4}"]],
  n=12, senders=MOB, tricks=["url_shortener"])

F("s-open-redirector", "scam", LINKS, "open redirectors of well-known sites",
  [AMELI_HDR,
   ["votre compte nécessite une vérification.", "un remboursement de {amt} vous attend.", "votre dossier présente une anomalie."],
   ["https://www.google.com/url?q=https://ameli-verif.com/login", "https://l.facebook.com/l.php?u=https%3A%2F%2Fremb-ameli.net",
    "https://www.youtube.com/redirect?q=https://ameli-dossier.info", "https://t.co/{code4}Xam",
    "https://www.bing.com/ck/a?u=aHR0cHM6Ly9hbWVsaS1yZW1iLmNvbQ"]],
  n=10, senders=MOB, tricks=["open_redirector"])

F("s-punycode-idn", "scam", LINKS, "punycode / IDN lookalikes of ameli",
  [AMELI_HDR,
   ["nouveau document disponible.", "votre remboursement est validé.", "vérifiez votre dossier.", "connexion requise."],
   ["https://xn--amli-bpa.fr/doc", "https://xn--meli-43d.fr/compte", "https://аmeli.fr/assure", "https://ameĺi.fr/remb", "https://xn--ameli-8za.com/login"]],
  n=10, senders=MOB, tricks=["punycode", "idn"])

F("s-homoglyph-brand-text", "scam", LINKS + " ; ICU uspoof (UTS #39) confusables", "homoglyphs in the brand name in the text itself",
  [["Amelі :", "Assurance Mаladie :", "АMELI :", "СPAM :", "Ameli ‒ Sеrvice :"],
   ["votre remboursement de {amt} est bloqué.", "votre carte Vitale expire demain.", "mettez à jour vos coordonnées bancaires.", "votre compte sera suspendu."],
   ["Régularisez : https://remb-assure.info", "Lien : https://vitale-maj.com", "Mettez à jour : https://compte-assure.net/maj", "https://dossier-sante.online/r"]],
  n=12, senders=MOB, tricks=["homoglyph_text"])

F("s-lookalike-tld-subdomain", "scam", LINKS, "lookalike TLDs and subdomains",
  [AMELI_HDR,
   ["votre espace assuré a expiré.", "un paiement de {amt} est en attente.", "votre arrêt de travail n'a pas été enregistré."],
   ["https://ameli.fr.co/assure", "https://ameli.com.fr-espace.com", "https://assure.ameli.fr.connexion-assure.net", "https://ameli-fr.online/login",
    "https://www.ameli.fr-secure.app", "https://ameli.gouv.fr.compte-assure.org"]],
  n=12, senders=MOB, tricks=["lookalike_tld", "subdomain_trick"])

F("s-data-url", "scam", LINKS, "data: URL or HTML attachment hiding a login form",
  [["Bonjour,"],
   ["Votre relevé de remboursements est disponible.", "Votre attestation de droits a été mise à jour.", "Un formulaire de vérification doit être rempli."],
   ["Ouvrez la pièce jointe releve_{ref}.html et connectez-vous avec vos identifiants ameli.", "Copiez ce lien dans votre navigateur : data:text/html;base64,PGZvcm0+YW1lbGk8L2Zvcm0+",
    "Ouvrez le fichier joint pour saisir votre numéro de sécurité sociale et votre mot de passe."],
   ["L'Assurance Maladie", "Service des assurés"]],
  n=6, channel="email", senders=["Assurance Maladie <releve@ameli-documents.com>", "ameli <noreply@assurance-maladie-docs.net>"],
  subjects=["Votre relevé de remboursements", "Document important", "Formulaire à compléter"], tricks=["data_url", "attachment_lure"])

# --- account security --------------------------------------------------------------------
F("s-account-locked-link", "scam", AM + " ; " + CM, "account locked, unlock with password on a foreign site",
  [AMELI_HDR,
   ["votre compte a été bloqué après plusieurs tentatives de connexion.", "votre compte est verrouillé par mesure de sécurité.",
    "accès à votre compte suspendu."],
   ["Débloquez-le en saisissant votre mot de passe : https://ameli-deblocage.com", "Réactivez l'accès : https://compte-ameli.fr-securite.net",
    "Entrez vos identifiants pour le débloquer : https://tinyurl.com/deblocage{code4}"]],
  n=8, senders=MOB, tricks=["request_password"])

F("s-new-device-login", "scam", CM, "new device login alert with a foreign link",
  [["Ameli :", "Alerte ameli :", "Mon Espace Santé :"],
   ["nouvelle connexion depuis un appareil Android à {city}.", "connexion depuis l'étranger détectée le {d} à {h}.", "un appareil inconnu a accédé à vos données."],
   ["Pas vous ? Sécurisez votre compte : https://ameli-alerte.com/securite", "Si ce n'est pas vous : https://securite-ameli.info/bloquer",
    "Bloquez l'accès ici : https://bit.ly/sec-{code4}"]],
  n=9, senders=MOB, tricks=["fake_fraud_alert"])

F("s-password-expired-email", "scam", CM, "password expired e-mail from a foreign address",
  [["Bonjour,", "Cher(e) assuré(e),"],
   ["Votre mot de passe ameli expire aujourd'hui.", "Pour des raisons de sécurité, tous les mots de passe doivent être renouvelés avant le {d}.",
    "Votre mot de passe ne respecte plus les nouvelles règles de sécurité."],
   ["Saisissez votre mot de passe actuel puis le nouveau sur https://ameli-motdepasse.com/renouveler",
    "Cliquez ici pour le conserver : https://assure-ameli.fr-password.com", "Confirmez votre mot de passe actuel : https://compte-ameli.net/mdp"],
   ["L'équipe ameli", "Assurance Maladie - Sécurité"]],
  n=8, channel="email", senders=["ameli <securite@ameli-compte.com>", "Assurance Maladie <no-reply@ameli-securite.info>"],
  subjects=["Votre mot de passe expire", "Renouvellement du mot de passe", "Sécurité de votre compte"], tricks=["request_password", "fake_sender_address"])

F("s-monespacesante", "scam", AM, "Mon espace santé: fake messages and deletion threats",
  [["Mon Espace Santé :", "Mon espace santé -", "MES :"],
   ["un professionnel de santé vous a envoyé un document.", "votre profil sera supprimé le {d}.", "vos données de santé vont être effacées."],
   ["Identifiez-vous : https://monespacesante-doc.com", "Conservez-le : https://mon-espace-sante.fr-profil.net",
    "Code d'accès à saisir sur https://bit.ly/mes{code4}"]],
  n=8, senders=MOB, tricks=["impersonation_monespacesante"])

F("s-franceconnect", "scam", CM + " ; franceconnect.gouv.fr « Attention aux faux messages »", "FranceConnect: verify identity on a fake site",
  [["FranceConnect :", "France Connect :", "FranceConnect+ :"],
   ["votre identité numérique doit être vérifiée.", "votre accès aux services publics sera coupé le {d}.", "une mise à jour de sécurité est requise."],
   ["Vérifiez-la : https://franceconnect-verif.com", "Connectez-vous avec vos identifiants impots.gouv : https://franceconect.fr/login",
    "Confirmez : https://franceconnect.gouv.fr.identite-verif.net"]],
  n=8, senders=PH, tricks=["impersonation_franceconnect"])

# --- misc --------------------------------------------------------------------------------
F("s-doctolib-acompte", "scam", CM, "fake Doctolib deposit or cancellation",
  [["Doctolib :", "Doctolib Info :", "Votre RDV Doctolib :"],
   ["votre rendez-vous du {d} sera annulé faute d'acompte.", "un acompte de {small} est requis pour confirmer votre rendez-vous.",
    "votre praticien demande une garantie bancaire."],
   ["Payez ici : https://doctolib-paiement.com/rdv", "Confirmez votre carte : https://doctolib.fr-rdv.info", "https://bit.ly/doctordv{code4}"]],
  n=8, senders=PH, tricks=["fee_payment"])

F("s-pharmacy-online", "scam", CM, "online pharmacy / vaccination fees on an unknown site",
  [["Pharmacie en ligne :", "Vaccination :", "Centre de vaccination :", "Ordonnance :"],
   ["votre commande de médicaments remboursés attend les frais d'envoi ({small}).", "votre rappel vaccinal est obligatoire avant le {d}.",
    "votre ordonnance électronique expire demain."],
   ["Réglez ici : https://pharma-livraison.info", "Réservez et payez : https://vaccin-rdv.com/paiement", "Validez avec votre carte Vitale et votre CB : https://ordonnance-en-ligne.net"]],
  n=8, senders=PH, tricks=["fee_payment"])

F("s-ald-renewal", "scam", AM, "ALD / 100 % coverage ending, call or link",
  [AMELI_HDR,
   ["votre prise en charge à 100 % prend fin le {d}.", "votre ALD doit être renouvelée.", "votre protocole de soins a expiré."],
   ["Prolongez-la : https://ald-renouvellement.com", "Appelez le {n09} avec votre RIB.", "Renouvelez en ligne : https://ameli-ald.info"]],
  n=8, senders=MOB, tricks=["threat_suspension"])

F("s-ij-arret-travail", "scam", AM, "sick-leave allowances blocked, update bank details",
  [AMELI_HDR,
   ["vos indemnités journalières sont suspendues.", "votre arrêt de travail du {d} n'a pas été transmis.", "le versement de vos IJ est bloqué."],
   ["Mettez à jour votre RIB : https://ij-ameli.com", "Transmettez votre arrêt ici : https://arret-travail-declaration.fr-ameli.net",
    "Confirmez vos coordonnées bancaires sous 24h : https://bit.ly/ij{code4}"]],
  n=8, senders=MOB, tricks=["request_iban"])

F("s-css-renewal", "scam", AM, "Complémentaire santé solidaire renewal with card fee or data",
  [AMELI_HDR,
   ["votre Complémentaire santé solidaire expire le {d}.", "votre CSS est validée, il reste une étape.", "vos droits à la CSS sont suspendus."],
   ["Réglez la participation de {small} : https://css-renouvellement.com", "Envoyez une copie de votre carte bancaire en réponse.",
    "Renouvelez-la ici : https://complementaire-sante-solidaire.info"]],
  n=8, senders=MOB, tricks=["fee_payment"])

F("s-family-new-number", "scam", CM + " fiche « Arnaque au faux proche » ; press reports « Coucou maman »", "hi mum, new number, pay a bill",
  [["Coucou maman,", "Salut papa,", "Maman c'est moi,", "Coucou c'est moi,"],
   ["j'ai cassé mon téléphone, c'est mon nouveau numéro.", "mon téléphone est tombé dans l'eau, voici mon numéro provisoire.",
    "j'ai perdu mon portable, enregistre ce numéro."],
   ["Tu peux me faire un virement de {amt} pour une facture urgente ? Je te rembourse demain.", "Écris-moi sur WhatsApp, j'ai besoin d'un service urgent.",
    "J'ai une facture à régler aujourd'hui, je t'envoie le RIB.", "Tu peux payer ma facture de {amt} ? Mon appli banque ne marche plus."]],
  n=10, senders=["{imob}", "{mob}"], tricks=["family_emergency"])

F("s-bank-advisor-ameli", "scam", CMC, "fake bank advisor linked to an ameli refund, validate with the code",
  [["Votre banque :", "Service fraude :", "Crédit Agricole :", "BNP :"],
   ["un virement suspect de {amt} vers un compte ameli est en cours.", "une opération frauduleuse a été détectée sur votre carte.",
    "votre remboursement CPAM a été intercepté."],
   ["Un conseiller va vous appeler : donnez-lui le code reçu pour annuler.", "Pour bloquer l'opération, communiquez le code reçu par SMS à notre conseiller.",
    "Rappelez le {fix} et lisez le code de validation qui va arriver."]],
  n=8, senders=PH, tricks=["code_to_caller", "fake_agent_call"])

F("s-prepaid-coupons", "scam", CM + " fiche « Arnaque aux coupons PCS / Transcash »", "pay with prepaid coupons",
  [AMELI_HDR + ["Service contentieux :"],
   ["votre dossier est bloqué suite à un impayé de {amt}.", "une pénalité de {amt} est due.", "votre carte Vitale sera bloquée."],
   ["Réglez avec un coupon PCS et envoyez le code par SMS.", "Achetez des tickets Transcash en bureau de tabac et communiquez les codes.",
    "Payez par carte cadeau Neosurf, puis répondez avec le code."]],
  n=8, senders=MOB, tricks=["prepaid_coupons"])

F("s-medecin-traitant-threat", "scam", AM, "no médecin traitant declared, reduced refunds, pay or link",
  [AMELI_HDR,
   ["votre médecin traitant a résilié votre déclaration.", "vous n'avez pas de médecin traitant déclaré.", "votre médecin part à la retraite."],
   ["Choisissez-en un nouveau sous 72h : https://medecin-traitant-ameli.com", "Évitez une baisse de remboursement : https://declaration-medecin.info",
    "Frais de dossier de {small} : https://bit.ly/mt{code4}"]],
  n=8, senders=MOB, tricks=["threat"])

F("s-ceam", "scam", AM, "European health insurance card (CEAM) on a fake site",
  [AMELI_HDR + ["CEAM :"],
   ["votre carte européenne d'assurance maladie a expiré.", "avant vos vacances, commandez votre carte européenne.", "votre CEAM ne peut pas être envoyée."],
   ["Commandez-la : https://ceam-commande.com", "Frais d'envoi {small} : https://carte-europeenne-sante.info", "Confirmez vos données : https://ceam.fr-ameli.net"]],
  n=8, senders=MOB, tricks=["fee_payment"])

F("s-survey-reward", "scam", CM, "survey with a reward paid on a card",
  [["Bonjour,"],
   ["L'Assurance Maladie réalise une enquête de satisfaction.", "Vous avez été sélectionné(e) pour donner votre avis sur votre caisse.",
    "Votre avis compte : répondez à 5 questions."],
   ["En remerciement, 50 € vous seront versés : indiquez votre carte bancaire en fin de questionnaire https://enquete-ameli.com",
    "Une prime de 30 € sera créditée sur votre carte après le questionnaire : https://avis-assures.info",
    "Recevez 40 € : https://bit.ly/enquete{code4}"],
   ["L'Assurance Maladie", "Service qualité"]],
  n=7, channel="email", senders=["Assurance Maladie <enquete@ameli-avis.com>", "ameli <qualite@assurance-maladie-enquete.net>"],
  subjects=["Votre avis compte : 50 € offerts", "Enquête de satisfaction", "Questionnaire rémunéré"], tricks=["fake_reward", "request_card"])

F("s-attachment-lure", "scam", CM, "e-mail with an attachment to open (html/zip/docm)",
  [["Bonjour,", "Madame, Monsieur,"],
   ["Veuillez trouver ci-joint votre décompte de remboursements.", "Votre caisse vous adresse un courrier important concernant vos droits.",
    "Un avis de régularisation vous concernant est joint à ce message."],
   ["Ouvrez le fichier decompte_{ref}.zip et activez les macros pour l'afficher.", "Téléchargez et ouvrez la pièce jointe courrier.html pour vous identifier.",
    "Le document est protégé : saisissez votre mot de passe ameli à l'ouverture."],
   ["L'Assurance Maladie", "CPAM - Service courrier"]],
  n=8, channel="email", senders=["Assurance Maladie <courrier@cpam-documents.com>", "CPAM <decompte@ameli-courrier.fr>", "ameli <{first}.{last}@gmail.com>"],
  subjects=["Votre décompte", "Courrier important", "Avis de régularisation"], tricks=["attachment_lure"])

F("s-callback-premium", "scam", S33, "surcharged callback numbers (08 9x, 118)",
  [AMELI_HDR,
   ["votre remboursement de {amt} est bloqué.", "votre dossier est transmis au contentieux.", "un conseiller a tenté de vous joindre."],
   ["Appelez le 0899 {code4} 10.", "Rappelez le 08 92 {code4} 33 avant 17h.", "Composez le 118 {code4} sans attendre.", "Contactez le 0 899 70 {code4}."]],
  n=10, senders=MOB, tricks=["premium_number", "callback_number"])

F("s-sms-reply-code", "scam", S33, "send back the code you just received by SMS",
  [AMELI_HDR,
   ["pour sécuriser votre compte,", "pour confirmer votre remboursement,", "suite à une mise à jour,", "pour activer votre nouvelle carte Vitale,"],
   ["renvoyez-nous le code à 6 chiffres que vous venez de recevoir.", "répondez avec le code reçu par SMS.", "transmettez le code de vérification en réponse.",
    "merci de nous communiquer le code reçu il y a un instant."]],
  n=10, senders=MOB, tricks=["request_code", "reply_with_data"])
