"""Helpers for grow_corpus.py: families of messages written as alternative phrasings.

A family is one scenario (one template family: grouped cross-validation holds a whole family
out). Each message of a family picks one phrasing per part (opening, situation, ask, closing),
so messages differ in whole sentences, not only in slot values. Fixed seed: the output is
reproducible and the committed corpus.jsonl is the reference."""
import random
import unicodedata

FAMILIES = []


def F(name, label, source, what, parts, n=10, channel="sms", senders=None, subjects=None,
      tricks=(), slots=None):
    assert label in ("scam", "legit")
    assert 5 <= n <= 15, name
    FAMILIES.append(dict(name=name, label=label, source=source, what=what, parts=parts, n=n,
                         channel=channel, senders=senders or [""], subjects=subjects or [""],
                         tricks=list(tricks), slots=slots or {}))


FIRST = ["Camille", "Julien", "Sophie", "Karim", "Nadia", "Thomas", "Élodie", "Mathieu", "Inès",
         "Lucas", "Chloé", "Antoine", "Léa", "Yanis", "Manon", "Hugo", "Sarah", "Nicolas", "Aïcha"]
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Roux", "Fontaine",
        "Mercier", "Benali", "Nguyen", "Faure", "Chevalier", "Gauthier", "Perrin", "Morel", "Haddad"]
CITIES = ["Lyon", "Nantes", "Lille", "Rennes", "Toulouse", "Metz", "Dijon", "Angers", "Brest",
          "Limoges", "Pau", "Valence", "Tours", "Amiens", "Nîmes", "Besançon", "Poitiers", "Quimper"]


def _amount(r):
    return f"{r.randint(12, 480)},{r.choice(['00', '10', '20', '40', '50', '60', '80', '90', str(r.randint(11, 99))])} €"


def _small(r):
    return f"{r.choice([0, 1, 1, 2, 2, 3, 4])},{r.choice(['49', '50', '90', '99', '20', '75'])} €"


def _date(r):
    return f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}"


def _hour(r):
    return f"{r.randint(8, 18)}h{r.choice(['00', '15', '30', '45'])}"


def _mobile(r):
    return f"0{r.choice([6, 7])} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"


def _intl_mobile(r):
    return f"+33 {r.choice([6, 7])} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"


def _landline(r):
    return f"0{r.choice([1, 2, 3, 4, 5, 9])} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"


def _n09(r):
    return f"09 {r.choice([70, 72, 75, 77, 80])} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"


COMMON = {
    "amt": _amount, "small": _small, "d": _date, "h": _hour, "mob": _mobile, "imob": _intl_mobile,
    "fix": _landline, "n09": _n09,
    "code": lambda r: f"{r.randint(100000, 999999)}",
    "code4": lambda r: f"{r.randint(1000, 9999)}",
    "p2": lambda r: f"{r.randint(10, 99)}",
    "ref": lambda r: f"{r.randint(10, 99)}-{r.randint(1000, 9999)}",
    "first": lambda r: r.choice(FIRST), "last": lambda r: r.choice(LAST),
    "city": lambda r: r.choice(CITIES),
    "day": lambda r: r.choice(["lundi", "mardi", "mercredi", "jeudi", "vendredi"]),
    "colis": lambda r: f"{r.choice(['6A', '8L', '1K', 'XW'])}{r.randint(100000000, 999999999)}",
}


def fill(r, text, slots):
    out, i = [], 0
    while i < len(text):
        j = text.find("{", i)
        if j < 0:
            out.append(text[i:])
            break
        k = text.index("}", j)
        out.append(text[i:j])
        key = text[j + 1:k]
        if key in slots:
            v = slots[key]
            out.append(r.choice(v) if isinstance(v, list) else v(r))
        else:
            out.append(COMMON[key](r))
        i = k + 1
    return "".join(out)


def _sender(r, fam, text):
    sender = r.choice(fam["senders"])
    if sender == "=HDR":  # the SMS sender ID is the brand the message opens with
        brand = unicodedata.normalize("NFKD", text.split(" :")[0].split(",")[0])
        return "".join(c for c in brand if c.isascii() and c.isalnum())[:11].upper()
    return fill(r, sender, fam["slots"])


def generate(seed=16, existing=()):
    """`existing`: texts already in the corpus (hand-written lines), never repeated."""
    r = random.Random(seed)
    rows = []
    texts = set(existing)
    for fam in FAMILIES:
        seen, k, tries = set(), 0, 0
        while k < fam["n"]:
            tries += 1
            assert tries < 2000, f"{fam['name']}: not enough distinct phrasings"
            picks = tuple(r.randrange(len(p)) for p in fam["parts"])
            if picks in seen:
                continue
            # Prefer messages that differ from every earlier one in at least two sentences.
            if tries < 400 and len(fam["parts"]) > 1 and any(
                    sum(a != b for a, b in zip(picks, old)) < 2 for old in seen):
                continue
            seen.add(picks)
            pieces = [fam["parts"][i][c] for i, c in enumerate(picks)]
            sep = "\n\n" if fam["channel"] == "email" else " "
            text = sep.join(p for p in pieces if p)
            text = fill(r, text, fam["slots"]).replace(" \n", "\n")
            if text in texts:
                continue
            texts.add(text)
            k += 1
            rows.append({
                "id": f"gen-{fam['name']}-{k:02d}",
                "channel": fam["channel"],
                "sender": _sender(r, fam, text),
                "subject": fill(r, r.choice(fam["subjects"]), fam["slots"]) if fam["channel"] == "email" else "",
                "text": text,
                "label": fam["label"],
                "tricks": fam["tricks"],
                "family": fam["name"],
                "source": fam["source"],
            })
    return rows
