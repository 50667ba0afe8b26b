#!/usr/bin/env python3
"""How many compiled objects include each port header, directly or not (issue 18 item 4).

Usage: scripts/port_users.py [BUILD_DIR] [--list HEADER]   (default build-test)

Reads BUILD_DIR/compile_commands.json and follows the #include "…" lines of every translation
unit (resolved against the file's folder, src/ and tests/), so it needs no build: the count is
what ninja recompiles after `touch src/core/ports/<port>.hpp`. --list names those objects'
sources for one header.
"""
import functools
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


@functools.lru_cache(None)
def includes(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return ()
    found = []
    for name in INCLUDE.findall(text):
        for base in (os.path.dirname(path), os.path.join(ROOT, "src"), os.path.join(ROOT, "tests"), ROOT):
            candidate = os.path.normpath(os.path.join(base, name))
            if os.path.exists(candidate):
                found.append(candidate)
                break
    return tuple(found)


@functools.lru_cache(None)
def closure(path):
    seen, stack = set(), [path]
    while stack:
        for inc in includes(stack.pop()):
            if inc not in seen:
                seen.add(inc)
                stack.append(inc)
    return frozenset(seen)


def main():
    args = sys.argv[1:]
    listed = None
    if "--list" in args:
        i = args.index("--list")
        listed = os.path.normpath(os.path.join(ROOT, args[i + 1]))
        del args[i : i + 2]
    build = args[0] if args else os.path.join(ROOT, "build-test")
    units = [e["file"] for e in json.load(open(os.path.join(build, "compile_commands.json"))) if os.path.exists(e["file"])]
    if listed:
        for unit in sorted(u for u in units if listed in closure(u)):
            print(os.path.relpath(unit, ROOT))
        return 0
    ports = os.path.join(ROOT, "src", "core", "ports")
    headers = sorted({h for u in units for h in closure(u) if h.startswith(ports)})
    rows = sorted(((sum(h in closure(u) for u in units), os.path.relpath(h, ROOT)) for h in headers), reverse=True)
    for count, header in rows:
        print(f"{count:4d}  {header}")
    print(f"{len(units)} objects in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
