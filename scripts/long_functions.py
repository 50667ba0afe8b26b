#!/usr/bin/env python3
"""Lists the C++ functions (and lambdas registered as route handlers) longer than N lines.

Usage: scripts/long_functions.py [--min N] [--top K] [--fail] [paths...]   (default: src/, N=60, K=10)

A robust heuristic rather than a parser: a function starts at a line at namespace or class
level that holds a ')' and ends with '{' (a definition's head, possibly spread over a few
lines), and ends at the matching closing brace, counted outside strings, characters and
comments. Test files (*_test.cpp) are skipped. Lengths count every line from the head to the
closing brace, both included.
"""
import argparse
import pathlib
import re
import sys

HEAD_END = re.compile(r"\)\s*(const\s*)?(noexcept\s*)?(override\s*)?(final\s*)?(->\s*[\w:<>,\s*&]+)?\{\s*$")
NOT_FUNCTION = re.compile(r"^\s*(if|for|while|switch|catch|else|do|return|namespace|struct|class|enum|union)\b")


def strip_code(line, in_block):
    """The line without strings, chars and comments; and whether a block comment is still open."""
    out = []
    i = 0
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_block = end + 2, False
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block = True
            i += 2
            continue
        if c in "\"'":
            j = i + 1
            while j < len(line) and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out), in_block


def functions(path):
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    code, in_block = [], False
    for line in lines:
        text, in_block = strip_code(line, in_block)
        code.append(text)
    depth = 0
    scopes = []  # True for namespace/class scopes, False for function bodies and blocks
    found = []
    i = 0
    while i < len(code):
        text = code[i]
        at_outer = all(scopes)
        if at_outer and HEAD_END.search(text) and not NOT_FUNCTION.match(text) and "=" not in text.split("(")[0]:
            # Head found: walk to the matching brace.
            start = i  # a head spread over lines: walk back to its first line
            while (start > 0 and i - start < 6 and code[start - 1].strip()
                   and not code[start - 1].rstrip().endswith((";", "{", "}", ":"))
                   and not code[start - 1].lstrip().startswith(("#", "template"))):
                start -= 1
            name = re.findall(r"([~\w:]+)\s*\(", " ".join(code[start:i + 1]))
            level = 0
            j = i
            while j < len(code):
                level += code[j].count("{") - code[j].count("}")
                if level <= 0:
                    break
                j += 1
            found.append((j - start + 1, name[0] if name else "?", start + 1))
            i = j + 1
            continue
        for ch in text:
            if ch == "{":
                scopes.append(bool(re.search(r"\b(namespace|struct|class|enum|union)\b[^;]*$", text)) or text.strip() == "{" and all(scopes))
            elif ch == "}" and scopes:
                scopes.pop()
        depth = len(scopes)
        i += 1
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min", type=int, default=60)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--fail", action="store_true", help="exit 1 when a function is over --min lines")
    ap.add_argument("paths", nargs="*", default=["src"])
    args = ap.parse_args()
    rows = []
    for root in args.paths:
        p = pathlib.Path(root)
        files = [p] if p.is_file() else sorted(list(p.rglob("*.cpp")) + list(p.rglob("*.hpp")))
        for f in files:
            if f.name.endswith("_test.cpp"):
                continue
            for length, name, line in functions(f):
                if length > args.min:
                    rows.append((length, f"{f}:{line}", name))
    rows.sort(reverse=True)
    for length, where, name in rows[: args.top]:
        print(f"{length:5d}  {name}  {where}")
    print(f"{len(rows)} functions over {args.min} lines", file=sys.stderr)
    return 1 if args.fail and rows else 0


if __name__ == "__main__":
    sys.exit(main())
