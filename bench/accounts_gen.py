#!/usr/bin/env python3
"""Writes an accounts file (the fixture format: nir,state,password,last_login) of K accounts for
the register bench/register_gen.py writes with N rows: every (N // K)-th member of it, passwords
that meet the password policy (letters and signs only: never a birth date), a few of every state.
Usage: accounts_gen.py N K OUT_FILE (for bench/register_import.sh ACCOUNTS=K)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register_gen import nir13  # noqa: E402

STATES = ["active"] * 45 + ["active_no_email_verified", "pending", "inactive", "temporarily_locked",
                            "permanently_locked"]


def letters(i):
    s = ""
    while True:
        s += chr(ord("a") + i % 26)
        i //= 26
        if i == 0:
            return s


def main():
    n, k, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if not 0 < k <= n:
        sys.exit("accounts_gen.py: K must be between 1 and N")
    step = n // k
    with open(out, "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("nir,state,password,last_login\n")
        lines = []
        for j in range(k):
            d13, _, _ = nir13(j * step)
            key = 97 - int(d13) % 97
            last = "2026-11-%02d" % (j % 28 + 1) if j % 3 == 0 else ""
            lines.append(f"{d13}{key:02d},{STATES[j % len(STATES)]},Tilleul-{letters(j)}-Banc!,{last}\n")
            if len(lines) >= 10000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
