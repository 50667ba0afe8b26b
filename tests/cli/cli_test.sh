#!/usr/bin/env bash
# The command line as an operator meets it: `tests/cli/cli_test.sh BIN CASE`, one ctest test per
# case (tests/cli.cmake). Each case checks the output and the exit status (see src/main/exit_codes.hpp).
set -uo pipefail
bin=$1
case_name=$2
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../integration/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
# run EXPECTED_STATUS CMD...: runs, captures stdout+stderr in $out, checks the status.
run() {
  local want=$1; shift
  out=$("$@" 2>&1); local got=$?
  echo "\$ ${*#"$bin"} -> exit $got"; echo "$out" | sed 's/^/  /' | head -40
  [ "$got" = "$want" ] || fail "exit status $got, expected $want"
}
has() { grep -qE -- "$1" <<<"$out" || fail "output lacks /$1/"; }

case $case_name in
  version)
    run 0 "$bin" --version
    version=$(sed -n 's/^project(moncompte VERSION \([0-9.]*\).*/\1/p' "$here/../../CMakeLists.txt")
    [ -n "$version" ] || fail "no VERSION in project() of CMakeLists.txt"
    [ "$out" = "moncompte $version" ] || fail "expected 'moncompte $version'"
    ;;
  unknown_command)
    run 2 "$bin" frobnicate
    has "unknown command 'frobnicate'"
    for c in serve import demo config scam-check staff audit scam-corpus; do has "$c"; done
    run 2 "$bin" staff frobnicate --db sqlite:x
    has "unknown command 'staff frobnicate'"
    has "add, list, unlock"
    run 2 "$bin" serve --no-such-option
    ;;
  help)
    run 0 "$bin" --help
    has "Exit status: 0 success; 1 failure"
    run 0 "$bin" import --help
    has "sqlite:var/moncompte.sqlite"   # the default of --db
    ;;
  database_path)
    # A folder that cannot be created (under a file), then a database that is a folder.
    run 1 "$bin" staff list --db "sqlite:/dev/null/x/y.sqlite"
    has "^error: cannot open database sqlite:/dev/null/x/y.sqlite: "
    mkdir -p "$tmp/dir.sqlite"
    run 1 "$bin" staff list --db "sqlite:$tmp/dir.sqlite"
    has "^error: cannot open database sqlite:$tmp/dir.sqlite: "
    run 1 "$bin" import --db "sqlite:/dev/null/x/y.sqlite" --register "$fixtures/register.csv" --organismes "$fixtures/organismes.csv"
    has "^error: cannot open database sqlite:/dev/null/x/y.sqlite: "
    run 1 "$bin" serve --listen 127.0.0.1:0 --db "sqlite:$tmp/dir.sqlite"
    has "cannot open database sqlite:$tmp/dir.sqlite: "
    # A PostgreSQL URL is named without its password (nothing listens on port 1).
    run 1 "$bin" staff list --db "postgresql://mc:s3cret@127.0.0.1:1/mc?password=s3cret&connect_timeout=2"
    has "^error: .*cannot open database postgresql://mc:\*\*\*@127.0.0.1:1/mc\?password=\*\*\*&connect_timeout=2: "
    grep -q s3cret <<<"$out" && fail "the password is shown"
    ;;
  config)
    run 0 "$bin" config
    has '^temporary_minutes = 20$'
    printf '[lockout]\ntemporary_minutes = 5\n' >"$tmp/c.toml"
    run 0 "$bin" config --config "$tmp/c.toml" --set smtp.url=smtp://127.0.0.1:2525
    has '^temporary_minutes = 5$'
    has '^url = "smtp://127.0.0.1:2525"$'
    has 'default: 20'
    run 2 "$bin" config --set no.such_key=1
    has "unknown configuration key 'no.such_key'"
    ;;
  import_weak_password)
    head -1 "$fixtures/accounts.csv" >"$tmp/accounts.csv"
    sed -n 2p "$fixtures/accounts.csv" >>"$tmp/accounts.csv"
    nir=$(sed -n 3p "$fixtures/accounts.csv" | cut -d, -f1)
    echo "$nir,active,Ab1!x," >>"$tmp/accounts.csv"   # 5 characters
    run 4 "$bin" import --db "sqlite:$tmp/db.sqlite" --register "$fixtures/register.csv" \
      --organismes "$fixtures/organismes.csv" --accounts "$tmp/accounts.csv"
    has "accounts line 3: the password of NIR [0-9]{13} breaks the password policy \(too_short"
    grep -q 'Ab1!x' <<<"$out" && fail "the password is echoed"
    ;;
  scam_check_empty)
    printf ' \n\t\xc2\xa0\n' >"$tmp/empty.txt"
    run 2 "$bin" scam-check "$tmp/empty.txt"
    has "^error: the message to check is empty"
    run 2 "$bin" scam-check - </dev/null
    ;;
  scam_corpus_export)
    # Members' reports labelled by advisors, written in the corpus format (issue 16, item 5).
    command -v python3 >/dev/null || fail "python3 is needed to seed and read the database"
    db="$tmp/reports.sqlite"
    run 0 "$bin" scam-corpus export --db "sqlite:$db"   # migrates; nothing labelled yet
    has "0 labelled report\(s\) exported"
    python3 - "$db" <<'PY' || fail "cannot seed $db"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = [("sms", "+33 6 XX XX XX XX", "", "Ameli : rappelez le 09 XX XX XX XX, code [code masqué]", "scam", "scam", 1764720000000),
        ("email", "Caisse <[e-mail masqué]@ameli.fr>", "Votre attestation", "Votre attestation est disponible sur ameli.fr", "no_sign", "legit", 1767225600000),
        ("sms", "+33 7 XX XX XX XX", "", "pas encore étiqueté", "suspicious", None, 1764720000000)]
for ch, snd, subj, body, verdict, label, at in rows:
    c.execute("INSERT INTO scam_reports (channel, sender, subject, body, verdict, created_at, label, labelled_by, labelled_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (ch, snd, subj, body, verdict, at, label, "marie" if label else "", at if label else None))
c.commit()
PY
    run 0 "$bin" scam-corpus export --db "sqlite:$db" --out "$tmp/reports.jsonl"
    has "2 labelled report\(s\) exported"
    python3 - "$tmp/reports.jsonl" <<'PY' || fail "the export is not in the corpus format"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(lines) == 2, lines
for x in lines:
    assert set(x) == {"id", "channel", "sender", "subject", "text", "label", "tricks", "family", "source"}, x
    assert x["source"] == "report" and x["id"].startswith("report-") and x["tricks"] == []
assert [x["label"] for x in lines] == ["scam", "legit"]
assert [x["family"] for x in lines] == ["report-2025-12", "report-2026-01"]
assert lines[0]["text"] == "Ameli : rappelez le 09 XX XX XX XX, code [code masqué]"
PY
    # The export is in the audit log, before the data.
    run 0 "$bin" audit export --db "sqlite:$db"
    has '"action":"export_scam_corpus"'
    run 2 "$bin" scam-corpus frobnicate
    ;;
  operator_english)
    # Refusals are told to the operator in English, with exit 4.
    db="sqlite:$tmp/staff.sqlite"
    run 0 "$bin" import --db "$db" --register "$fixtures/register.csv" --organismes "$fixtures/organismes.csv"
    run 4 "$bin" staff add --db "$db" --login chef --role superviseur --set password.argon2_m_cost_kib=1024 <<<"court"
    has "^staff add refused: the password breaks the password policy"
    run 4 "$bin" staff add --db "$db" --login "A B" --role superviseur <<<"Chef-Sur-2026!"
    has "^staff add refused: the login must be"
    run 0 "$bin" staff add --db "$db" --login chef --role superviseur --set password.argon2_m_cost_kib=1024 <<<"Chef-Sur-2026!"
    has "^Password: |^otpauth://"
    run 4 "$bin" staff add --db "$db" --login chef --role conseiller --set password.argon2_m_cost_kib=1024 <<<"Chef-Sur-2026!"
    has "^staff add refused: this login is already in use$"
    run 4 "$bin" staff unlock --db "$db" --login nobody --reason "test"
    has "^staff unlock refused: no member of staff has this login$"
    grep -qE "[éèàç]" <<<"$out" && fail "French in an operator message"
    ;;
  import_stream|import_stream_pg)
    # The streaming import (issue 15) on SQLite, or on PostgreSQL (a fresh schema of the
    # cluster in MC_TEST_PG_URL, tests/pg.cmake): bad lines with their numbers, duplicates found
    # by the database, nothing applied on refusal, then a sync that writes only what changed.
    if [ "$case_name" = import_stream_pg ]; then
      [ -n "${MC_TEST_PG_URL:-}" ] || fail "MC_TEST_PG_URL is not set"
      schema=cli_import_$$
      psql -q "$MC_TEST_PG_URL" -c "CREATE SCHEMA $schema" || fail "cannot create schema"
      trap 'psql -q "$MC_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
      case $MC_TEST_PG_URL in *\?*) db="$MC_TEST_PG_URL&options=-csearch_path%3D$schema" ;;
                             *) db="$MC_TEST_PG_URL?options=-csearch_path%3D$schema" ;; esac
    else
      db="sqlite:$tmp/stream.sqlite"
    fi
    reg=$fixtures/register.csv org=$fixtures/organismes.csv
    rows=$(($(wc -l <"$reg") - 1))
    # Bad lines: a wrong key, a short line, a bad date; numbered as in the file.
    cp "$reg" "$tmp/bad.csv"
    sed -n 2p "$reg" | sed 's/^180057511500143/180057511500199/' >>"$tmp/bad.csv"   # line rows+2
    echo "1,2,3" >>"$tmp/bad.csv"                                                    # line rows+3
    sed -n 3p "$reg" | sed 's/1991-11-02/1991-13-02/' >>"$tmp/bad.csv"              # line rows+4
    run 4 "$bin" import --db "$db" --register "$tmp/bad.csv" --organismes "$org"
    has "^import refused, nothing was imported:"
    has "register line $((rows + 2)): invalid NIR '180057511500199'"
    has "register line $((rows + 3)): 3 fields, the header has 20"
    has "register line $((rows + 4)): birth_date must be a date"
    # 25 bad lines: the first 20 are shown, then how many more.
    cp "$reg" "$tmp/many.csv"
    for _ in $(seq 25); do echo "x" >>"$tmp/many.csv"; done
    run 4 "$bin" import --db "$db" --register "$tmp/many.csv" --organismes "$org"
    [ "$(grep -c "register line [0-9]*: 1 fields" <<<"$out")" = 20 ] || fail "expected 20 bad lines shown"
    has "register: 5 more bad lines not shown \(25 in all\)"
    # Duplicates: found by the database, with both lines.
    cp "$reg" "$tmp/dup.csv"
    sed -n 3p "$reg" >>"$tmp/dup.csv"
    run 4 "$bin" import --db "$db" --register "$tmp/dup.csv" --organismes "$org"
    has "register line $((rows + 2)): NIR 2911113055002 appears 2 times \(first on line 3\)"
    # The accounts file streams too (after the register): bad lines numbered as in the file, an
    # account for a NIR absent from the register file refused, duplicates found by the database.
    acc=$fixtures/accounts.csv
    accts=$(($(wc -l <"$acc") - 1))
    n13=1800575115999; absent=$n13$(printf %02d $((97 - n13 % 97)))
    cp "$acc" "$tmp/acc-bad.csv"
    echo "$absent,active,Tilleul-99-absent!," >>"$tmp/acc-bad.csv"                  # line accts+2
    sed -n 2p "$acc" | sed 's/,active,/,frozen,/' >>"$tmp/acc-bad.csv"             # line accts+3
    run 4 "$bin" import --db "$db" --register "$reg" --organismes "$org" --accounts "$tmp/acc-bad.csv" \
      --set password.argon2_m_cost_kib=1024
    has "^import refused, nothing was imported:"
    has "accounts line $((accts + 2)): NIR $n13 is not in the register file"
    has "accounts line $((accts + 3)): unknown state 'frozen'"
    cp "$acc" "$tmp/acc-many.csv"
    for _ in $(seq 25); do echo "x,y" >>"$tmp/acc-many.csv"; done
    run 4 "$bin" import --db "$db" --register "$reg" --organismes "$org" --accounts "$tmp/acc-many.csv" \
      --set password.argon2_m_cost_kib=1024
    [ "$(grep -c "accounts line [0-9]*: 2 fields, the header has 4" <<<"$out")" = 20 ] || fail "expected 20 bad account lines shown"
    has "accounts: 5 more bad lines not shown \(25 in all\)"
    cp "$acc" "$tmp/acc-dup.csv"
    sed -n 3p "$acc" >>"$tmp/acc-dup.csv"
    run 4 "$bin" import --db "$db" --register "$reg" --organismes "$org" --accounts "$tmp/acc-dup.csv" \
      --set password.argon2_m_cost_kib=1024
    has "accounts line $((accts + 2)): NIR 2911113055002 appears 2 times \(first on line 3\)"
    # Nothing was applied by the refusals: the first good import adds every row.
    run 0 "$bin" import --db "$db" --register "$reg" --organismes "$org" --accounts "$acc" \
      --set password.argon2_m_cost_kib=1024
    has "Register: $rows added, 0 changed, 0 unchanged"
    has "Imported [0-9]+ organismes, $rows register entries, $accts accounts\."
    # The same file again writes nothing; a newer extract writes only its changes.
    run 0 "$bin" import --db "$db" --register "$reg" --organismes "$org"
    has "Register: 0 added, 0 changed, $rows unchanged"
    sed '2s/10 rue des Lilas/12 rue des Lilas/; 3s/reset@example.org/reset.new@example.org/' "$reg" >"$tmp/next.csv"
    # A live register too: a bad accounts line refuses the newer extract whole (applied below).
    run 4 "$bin" import --db "$db" --register "$tmp/next.csv" --organismes "$org" --accounts "$tmp/acc-bad.csv" \
      --batch-rows 7 --set password.argon2_m_cost_kib=1024
    has "accounts line $((accts + 3)): unknown state 'frozen'"
    run 0 "$bin" import --db "$db" --register "$tmp/next.csv" --organismes "$org" --batch-rows 7
    has "Register: 0 added, 2 changed, $((rows - 2)) unchanged \(1 e-mail addresses changed"
    has "$(( (rows + 6) / 7 )) write transactions"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "ok: $case_name"
