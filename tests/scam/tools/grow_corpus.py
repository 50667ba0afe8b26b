#!/usr/bin/env python3
"""Regenerates the gen-* lines of tests/scam/corpus.jsonl and the family table of
docs/scam-corpus.md. Deterministic (seed 16). Hand-written own-* lines and report-* lines
are kept as they are.  Usage: python3 tests/scam/tools/grow_corpus.py  (from the repo root)"""
import collections, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grow_lib  # noqa: E402
import families_scam  # noqa: E402,F401
import families_legit  # noqa: E402,F401
import families_confusables  # noqa: E402,F401  (last: earlier families keep their messages)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "scam", "corpus.jsonl")
DOC = os.path.join(ROOT, "docs", "scam-corpus.md")

OWN_WHAT = {
    "own-s-link-tricks": "ameli scams whose link uses a trick (userinfo, IP, IDN, port, obfuscation, zero-width)",
    "own-s-family-new-number": "« Coucou maman » new-number scam",
    "own-s-bank-fraud-advisor": "fake bank or fraud-service advisors",
    "own-s-coupons-app-install": "prepaid coupons and fake apps",
    "own-s-tax-refund": "impôts impersonations",
    "own-s-caf-francetravail": "CAF / France Travail impersonations",
    "own-s-fines-ants": "ANTAI, ANTS, Crit'Air impersonations",
    "own-s-cpf-training": "CPF impersonations",
    "own-s-parcel-fees": "parcel carriers' fees",
    "own-s-other-benefits": "Urssaf, chèque énergie, pension impersonations",
    "own-s-health-services-fee": "mutuelle, Doctolib, pharmacy, vaccination fees",
    "own-s-monespacesante-franceconnect": "Mon espace santé and FranceConnect impersonations",
    "own-s-code-to-agent": "code to read to a caller or send back",
    "own-s-callback-number": "call-back and surcharged numbers",
    "own-s-reply-with-data": "reply with data, documents or bank details",
    "own-s-vitale-fee": "carte Vitale with a fee",
    "own-s-vitale-renewal": "carte Vitale renewal/suspension",
    "own-s-refund-bank-link": "fake refunds asking bank details through a link",
    "own-s-bank-card-update": "bank/card update requests",
    "own-s-account-security-link": "account security pretexts through a link",
    "own-s-dossier-anomaly-link": "file anomaly/suspension pretexts through a link",
}


def main():
    keep = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            if not x["id"].startswith("gen-"):
                keep.append(x)
    rows = grow_lib.generate(existing=[x["text"] for x in keep])
    for x in rows:
        for k in ("text", "sender", "subject"):
            assert "{" not in x[k], x["id"]
    allrows = keep + rows
    ids = [x["id"] for x in allrows]
    assert len(ids) == len(set(ids))
    texts = collections.Counter(x["text"] for x in allrows)
    dup = [t for t, n in texts.items() if n > 1]
    assert not dup, dup[:3]
    with open(CORPUS, "w", encoding="utf-8") as f:
        for x in allrows:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")

    fams = collections.OrderedDict()
    for x in allrows:
        fam = fams.setdefault(x["family"], {"label": x["label"], "n": 0, "source": x["source"], "what": ""})
        fam["n"] += 1
    for fdef in grow_lib.FAMILIES:
        fams[fdef["name"]]["what"] = fdef["what"]
    for name, what in OWN_WHAT.items():
        if name in fams:
            fams[name]["what"] = what + " (hand-written)"
    for name, fam in fams.items():
        if not fam["what"]:
            fam["what"] = "hand-written genuine hard negatives: " + fam["source"].removeprefix("own: genuine ")
    lab = collections.Counter(x["label"] for x in allrows)
    nf = collections.Counter(f["label"] for f in fams.values())
    table = ["| family | label | count | source / typology | what it tests |", "|---|---|---|---|---|"]
    for name, fam in sorted(fams.items(), key=lambda kv: (kv[1]["label"] != "scam", kv[0])):
        table.append(f"| `{name}` | {fam['label']} | {fam['n']} | {fam['source'].replace('|', '/')} | {fam['what'].replace('|', '/')} |")
    summary = (f"{len(allrows)} messages: {lab['scam']} scams in {nf['scam']} families, "
               f"{lab['legit']} genuine in {nf['legit']} families.")
    doc = open(DOC, encoding="utf-8").read()
    doc = re.sub(r"<!-- families:begin -->.*<!-- families:end -->",
                 "<!-- families:begin -->\n" + summary + "\n\n" + "\n".join(table) + "\n<!-- families:end -->", doc, flags=re.S)
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(doc)
    print(summary)


if __name__ == "__main__":
    main()
