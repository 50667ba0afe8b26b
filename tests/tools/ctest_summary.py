#!/usr/bin/env python3
"""Counts a ctest JUnit file (ctest --output-junit FILE) for scripts/test.sh's summary line.

Prints "PASSED FAILED SKIPPED PG_SKIPPED". A test skipped by itself (SKIP_RETURN_CODE, a
SKIP_REGULAR_EXPRESSION such as GTEST_SKIP's) or disabled counts as skipped; a test that could
not run (executable missing, a fixture failed) counts as failed, as ctest itself does.
PG_SKIPPED: how many of the skipped are PostgreSQL instances of the storage contract (*/postgres).
"""
import re
import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = pg = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        status = case.get("status")
        skip = case.find("skipped")
        why = skip.get("message", "") if skip is not None else ""
        if status == "run":
            passed += 1
        elif status == "disabled" or (status == "notrun" and why.startswith("SKIP_")):
            skipped += 1
            # "storage_contract_tests.Backends/StoreContract.X/postgres  # GetParam() = 1"
            if re.search(r"/postgres(\s|$)", case.get("name", "")):
                pg += 1
        else:
            failed += 1
    return passed, failed, skipped, pg


if __name__ == "__main__":
    print(*count(sys.argv[1]))
