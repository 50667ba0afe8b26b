#!/usr/bin/env python3
"""The PostgreSQL server's CPU per backend, for bench/register_import.sh (issue 15): with
`ALTER SYSTEM SET log_statement_stats = on` (and pg_reload_conf()), every statement logs its
backend's cumulative "[u s user, s s system total]"; this prints, for each backend that ran the
loader's `COPY reg …` or the import's `COPY register_entries …`, its CPU at its last statement.
Add the client CPU register_import.sh prints to compare total CPU (loader vs import).
Usage: pg_backend_cpu.py SERVER_LOG [FIRST_LINE]   (FIRST_LINE: skip the lines before it)"""
import re
import sys

lines = open(sys.argv[1], errors="replace").read().splitlines()[int(sys.argv[2]) if len(sys.argv) > 2 else 0:]
cur = None
last, kind, order = {}, {}, []
for line in lines:
    m = re.match(r"\S+ \S+ \S+ \[(\d+)\] (\w+):\s+(.*)", line)
    if m:
        cur = m[1]
        if m[2] == "STATEMENT" and cur not in kind:
            if re.match(r"COPY\s+reg\b", m[3]):
                kind[cur] = "loader (COPY reg + unique index)"
                order.append(cur)
            elif m[3].startswith("COPY register_entries"):
                kind[cur] = "moncompte import"
                order.append(cur)
        continue
    m = re.search(r"\[([\d.]+) s user, ([\d.]+) s system total\]", line)
    if m and cur:
        last[cur] = float(m[1]) + float(m[2])
for pid in order:
    print(f"{kind[pid]:34s} backend {pid}: server CPU {last[pid]:.2f} s")
