#!/usr/bin/env python3
"""Writes a register of N well-formed rows (the fixture format, valid NIR keys, every NIR
distinct) and its organismes file, for bench/register_import.sh and bench/register_cost.sh.
Usage: register_gen.py N OUT_DIR [--shift K]: with --shift, every K-th row gets a new address
and every 2K-th a new e-mail (a "newer extract" of the same people)."""
import os
import sys

ORGANISMES = """code,regime,name,online_space,phone,address
CPAM-75,general,CPAM de Paris,compte ameli,36 46,"21 rue Georges Auric, 75948 Paris Cedex 19"
MSA-IDF,agricole,MSA Île-de-France,espace privé MSA,01 30 63 88 80,"161 avenue Paul Vaillant-Couturier, 94258 Gentilly Cedex"
"""
HEADER = ("nir,sex,family_name,given_names,birth_date,birth_place_insee,birth_place_label,birth_country,address,"
          "postal_code,city,email,phone,organisme,vitale_serial,iban_last7,rights_from,rights_to,css,ald\n")
FAMILY = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU"]
GIVEN = ["Marie", "Élodie", "Jean", "Lucas", "Chloé", "Hugo", "Inès", "Théo"]


def nir13(k):
    # order 001-999, commune 75100-75999, month, year: 999 * 900 * 12 per year, 90 years.
    order = k % 999 + 1
    k //= 999
    commune = 75100 + k % 900
    k //= 900
    month = k % 12 + 1
    k //= 12
    year = 10 + k % 90
    sex = 1 + (k // 90) % 2
    return f"{sex}{year:02d}{month:02d}{commune:05d}{order:03d}", year, month


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    shift = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--shift" else 0
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "organismes.csv"), "w", encoding="utf-8") as f:
        f.write(ORGANISMES)
    with open(os.path.join(out, "register.csv"), "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write(HEADER)
        lines = []
        for i in range(n):
            d13, year, month = nir13(i)
            key = 97 - int(d13) % 97
            street = i % 120 + 1
            email = f"m{i}@example.org"
            if shift and i % shift == 0:
                street += 1000
            if shift and i % (2 * shift) == 0:
                email = f"m{i}.new@example.org"
            lines.append(
                f"{d13}{key:02d},{'M' if d13[0] == '1' else 'F'},{FAMILY[i % 10]},{GIVEN[i % 8]},"
                f"19{year:02d}-{month:02d}-{i % 28 + 1:02d},{d13[5:10]},Paris,France,{street} rue de la République,"
                f"75012,Paris,{email},06{i % 100000000:08d},{'CPAM-75' if i % 50 else 'MSA-IDF'},"
                f"{100000000 + i},{1000000 + i % 9000000},2024-01-01,2027-12-31,{'yes' if i % 5 == 0 else 'no'},"
                f"{'yes' if i % 6 == 0 else 'no'}\n")
            if len(lines) >= 10000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
