#!/usr/bin/env python3
"""Keeps docs/openapi.yaml honest about the routes the server really has.

Every `app.route("METHOD", "/api/...")` (and /healthz, /metrics) registered in
src/adapters/http/ (its handlers/ too, where a route table row reads `{"METHOD", "/api/...", handler}`)
must be documented with that method, and every /api path documented
must exist in the code. Path templates match whatever their parameter names
(`/accounts/{nir}` == `/accounts/{x}`). The document's structure is checked as well: an OpenAPI
3.0 version, responses on every operation, status codes that are codes, every local `$ref`
resolving, every `{param}` of a path declared as a path parameter, unique operationIds.

Exit status: 0 when all is well, 1 with one line per problem otherwise, 77 (ctest's skip code)
when PyYAML (Debian: python3-yaml) is not installed.
"""
import argparse
import pathlib
import re
import sys

try:
    import yaml
except ImportError:  # the check needs a YAML parser; say so rather than fail the build
    print("check_openapi: PyYAML missing (apt-get install python3-yaml); skipped")
    sys.exit(77)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# `app.route("POST", "/api/v1/login", ...)`, also `a.route(` / `app->route(`, across lines.
ROUTE = re.compile(r'(?:\.|->)route\(\s*"([A-Z]+)"\s*,\s*"(/[^"]*)"')
# A row of a handlers/ route table: `{"POST", "/api/v1/activation", api_start_activation},`.
TABLE_ROW = re.compile(r'\{\s*"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*"(/[^"]*)"')
OPERATOR_PATHS = {"/healthz", "/metrics"}


def template(path):
    """`/a/{nir}/b` -> `/a/{}/b`: parameter names do not matter for matching."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def documented_route(path):
    return path.startswith("/api/") or path in OPERATOR_PATHS


def code_routes(source_dir):
    routes = {}
    for cpp in sorted(source_dir.rglob("*.cpp")):
        text = cpp.read_text(encoding="utf-8", errors="replace")
        for m in [*ROUTE.finditer(text), *TABLE_ROW.finditer(text)]:
            method, path = m.group(1).lower(), m.group(2)
            if documented_route(path):
                line = text.count("\n", 0, m.start()) + 1
                routes.setdefault((method, template(path)), f"{cpp.relative_to(source_dir)}:{line} {m.group(1)} {path}")
    return routes


def resolve(doc, ref):
    if not ref.startswith("#/"):
        return None
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def walk_refs(node, where, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out.append((v, where))
            else:
                walk_refs(v, f"{where}/{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_refs(v, f"{where}/{i}", out)


def structure_problems(doc):
    problems = []
    if not str(doc.get("openapi", "")).startswith("3.0."):
        problems.append(f"openapi: expected 3.0.x, got {doc.get('openapi')!r}")
    for key in ("info", "paths"):
        if not isinstance(doc.get(key), dict):
            problems.append(f"missing top-level '{key}'")
    refs = []
    walk_refs(doc, "#", refs)
    for ref, where in refs:
        if resolve(doc, ref) is None:
            problems.append(f"{where}: $ref {ref} does not resolve")
    seen_ids = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            problems.append(f"{path}: not a mapping")
            continue
        wanted = set(re.findall(r"\{([^}/]+)\}", path))
        common = item.get("parameters") or []
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            name = f"{method.upper()} {path}"
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                problems.append(f"{name}: no responses")
            else:
                for status, response in responses.items():
                    if not (str(status) == "default" or re.fullmatch(r"[1-5](\d\d|XX)", str(status))):
                        problems.append(f"{name}: response key {status!r} is not a status code")
                    if isinstance(response, dict) and "$ref" not in response and "description" not in response:
                        problems.append(f"{name}: response {status} has no description")
            op_id = op.get("operationId")
            if op_id:
                if op_id in seen_ids:
                    problems.append(f"{name}: operationId {op_id} also used by {seen_ids[op_id]}")
                seen_ids[op_id] = name
            declared = set()
            params = op.get("parameters") or []
            if not isinstance(params, list):
                problems.append(f"{name}: parameters is not a list")
                params = []
            for p in list(common) + params:
                if isinstance(p, dict) and "$ref" in p:
                    p = resolve(doc, p["$ref"]) or {}
                if isinstance(p, dict) and p.get("in") == "path":
                    declared.add(p.get("name"))
                    if p.get("required") is not True:
                        problems.append(f"{name}: path parameter {p.get('name')} must be required")
            for missing in sorted(wanted - declared):
                problems.append(f"{name}: path parameter {{{missing}}} not declared")
            for extra in sorted(declared - wanted):
                problems.append(f"{name}: path parameter {extra} is not in the path")
    return problems


def main():
    here = pathlib.Path(__file__).resolve()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=here.parents[2], help="repository root")
    args = parser.parse_args()
    spec_path = args.root / "docs" / "openapi.yaml"
    source_dir = args.root / "src" / "adapters" / "http"

    try:
        doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        print(f"check_openapi: cannot read {spec_path}: {e}")
        return 1
    if not isinstance(doc, dict):
        print(f"check_openapi: {spec_path} is not a YAML mapping")
        return 1

    problems = structure_problems(doc)
    routes = code_routes(source_dir)
    if not routes:
        problems.append(f"no app.route(...) found under {source_dir}: the extractor is out of date")
    documented = {}
    for path, item in (doc.get("paths") or {}).items():
        for method in METHODS:
            if isinstance(item, dict) and method in item:
                documented[(method, template(path))] = f"{method.upper()} {path}"
    for key, origin in sorted(routes.items()):
        if key not in documented:
            problems.append(f"undocumented route: {origin} (add it to docs/openapi.yaml)")
    for key, name in sorted(documented.items()):
        if documented_route(key[1]) and key not in routes:
            problems.append(f"documented but not registered in src/adapters/http: {name}")

    for p in problems:
        print(f"check_openapi: {p}")
    if problems:
        return 1
    print(f"check_openapi: {len(routes)} routes, all documented; {len(documented)} operations in docs/openapi.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
