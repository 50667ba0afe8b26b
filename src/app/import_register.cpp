#include "app/import_register.hpp"

#include <atomic>
#include <chrono>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <thread>

#include "core/nir/nir.hpp"
#include "core/password/policy.hpp"

namespace mc::app {
namespace {

struct Failure {
  std::string message;
};

class Reader {
 public:
  Reader(const Table& t, std::string file) : t_(t), file_(std::move(file)) {}
  [[nodiscard]] const std::string& file() const { return file_; }

  void require(std::initializer_list<const char*> columns) const {
    for (const char* c : columns)
      if (t_.column(c) < 0) throw Failure{file_ + ": missing column '" + c + "' in the header line"};
  }
  const std::string& get(const TableRow& r, const char* column) const {
    static const std::string empty;
    int i = t_.column(column);
    return i < 0 ? empty : r.fields[static_cast<std::size_t>(i)];
  }
  [[noreturn]] void fail(const TableRow& r, const std::string& what) const {
    throw Failure{file_ + " line " + std::to_string(r.line) + ": " + what};
  }
  std::string non_empty(const TableRow& r, const char* column) const {
    std::string v = get(r, column);
    if (v.empty()) fail(r, std::string("'") + column + "' is empty");
    return v;
  }

 private:
  const Table& t_;
  std::string file_;
};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int digits_at(std::string_view d, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (d[i] - '0');
  return v;
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  int y = digits_at(d, 0, 4), m = digits_at(d, 5, 2), day = digits_at(d, 8, 2);
  static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || day < 1) return false;
  return day <= days_in[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

Instant date_to_instant(std::string_view d) {
  using namespace std::chrono;
  year_month_day ymd{year{digits_at(d, 0, 4)}, month{static_cast<unsigned>(digits_at(d, 5, 2))},
                     day{static_cast<unsigned>(digits_at(d, 8, 2))}};
  return Instant{duration_cast<Duration>(sys_days{ymd}.time_since_epoch())};
}

std::optional<bool> yes_no(std::string_view v) {
  if (v == "yes" || v == "oui" || v == "true" || v == "1") return true;
  if (v == "no" || v == "non" || v == "false" || v == "0" || v.empty()) return false;
  return std::nullopt;
}

std::string nir13_of(const Reader& rd, const TableRow& r, const char* column) {
  std::string raw = rd.non_empty(r, column);
  auto n = nir::parse(raw);
  if (!n) rd.fail(r, "invalid NIR '" + raw + "' (" + std::string(nir::code(n.error())) + ": " + nir::message_fr(n.error(), raw) + ")");
  return n->digits13;
}

const char* const kRegisterColumns[] = {"nir", "sex", "family_name", "given_names", "birth_date", "birth_place_insee",
                                        "birth_place_label", "birth_country", "address", "postal_code", "city", "email",
                                        "phone", "organisme", "vitale_serial", "iban_last7", "rights_from", "rights_to",
                                        "css", "ald"};

// The register's columns, by position in the header (looked up once, not once per field and row).
struct RegisterColumns {
  int at[std::size(kRegisterColumns)]{};
  explicit RegisterColumns(const Table& t) {
    for (std::size_t i = 0; i < std::size(kRegisterColumns); ++i) at[i] = t.column(kRegisterColumns[i]);
  }
};

// One register line checked and written into `e` (its strings reused from row to row: no
// allocation per field once they have grown). Failure names the line and the problem.
void register_row_into(const Reader& reg, const RegisterColumns& cols, const TableRow& r,
                       const std::set<std::string, std::less<>>& codes, account::RegisterEntry& e) {
  static const std::string empty;
  auto get = [&](std::size_t c) -> const std::string& {
    const int i = cols.at[c];
    return i < 0 || static_cast<std::size_t>(i) >= r.fields.size() ? empty : r.fields[static_cast<std::size_t>(i)];
  };
  auto non_empty = [&](std::size_t c) -> const std::string& {
    const std::string& v = get(c);
    if (v.empty()) reg.fail(r, std::string("'") + kRegisterColumns[c] + "' is empty");
    return v;
  };
  {
    const std::string& raw = non_empty(0);
    auto n = nir::parse(raw);
    if (!n)
      reg.fail(r, "invalid NIR '" + raw + "' (" + std::string(nir::code(n.error())) + ": " +
                      nir::message_fr(n.error(), raw) + ")");
    e.nir13.assign(n->digits13);
  }
  e.sex.assign(non_empty(1));
  if (e.sex != "M" && e.sex != "F") reg.fail(r, "sex must be M or F, got '" + e.sex + "'");
  e.family_name.assign(non_empty(2));
  e.given_names.assign(non_empty(3));
  e.birth_date.assign(non_empty(4));
  if (!valid_date(e.birth_date)) reg.fail(r, "birth_date must be a date YYYY-MM-DD, got '" + e.birth_date + "'");
  e.birth_place_insee.assign(get(5));
  e.birth_place_label.assign(get(6));
  e.birth_country.assign(get(7));
  e.address.assign(get(8));
  e.postal_code.assign(get(9));
  e.city.assign(get(10));
  e.email.assign(get(11));
  if (!e.email.empty() && (e.email.find('@') == std::string::npos || e.email.find(' ') != std::string::npos))
    reg.fail(r, "email '" + e.email + "' is not an e-mail address");
  e.phone.assign(get(12));
  e.organisme.assign(non_empty(13));
  if (!codes.contains(e.organisme)) reg.fail(r, "organisme '" + e.organisme + "' is not in the organismes file");
  e.vitale_serial.assign(get(14));
  e.iban_last7.assign(get(15));
  e.rights_from.assign(get(16));
  e.rights_to.assign(get(17));
  for (const auto* d : {&e.rights_from, &e.rights_to})
    if (!d->empty() && !valid_date(*d)) reg.fail(r, "rights dates must be YYYY-MM-DD, got '" + *d + "'");
  auto css = yes_no(get(18));
  auto ald = yes_no(get(19));
  if (!css || !ald) reg.fail(r, "css and ald must be yes or no");
  e.css = *css;
  e.ald = *ald;
}

// One accounts line checked; `birth_date` is that of the register row with its NIR (nullptr: the
// NIR is not in the register file). The password stays in clear (hashed later, in parallel).
ports::ImportedAccount account_of(const Reader& acc, const TableRow& r, const std::string* birth_date, Instant now,
                                  const lockout::Policy& policy) {
  ports::ImportedAccount a;
  a.nir13 = nir13_of(acc, r, "nir");
  if (birth_date == nullptr) acc.fail(r, "NIR " + a.nir13 + " is not in the register file");
  std::string state = acc.non_empty(r, "state");
  a.password_hash = acc.non_empty(r, "password");  // hashed later, in parallel
  // The policy a member meets when choosing a password applies to imported ones too; the
  // message names the broken rules by code and never echoes the password.
  if (auto broken = password::Policy::builtin().check(a.password_hash, a.nir13, *birth_date); !broken.empty()) {
    std::string codes;
    for (const auto& v : broken) codes += (codes.empty() ? "" : ", ") + v.code;
    acc.fail(r, "the password of NIR " + a.nir13 + " breaks the password policy (" + codes + ")");
  }
  if (state == "active") {
    a.state = account::State::active;
  } else if (state == "active_no_email_verified") {
    a.state = account::State::active;
    a.email_verified = false;
  } else if (state == "inactive") {
    a.state = account::State::inactive;
  } else if (state == "pending") {
    a.state = account::State::pending;
    a.email_verified = false;
  } else if (state == "permanently_locked" || state == "perm_locked") {
    a.state = account::State::active;
    a.lock = {policy.permanent_after, std::nullopt, true, now};
  } else if (state == "temporarily_locked" || state == "temp_locked") {
    a.state = account::State::active;
    a.lock = {policy.temporary_after, now + policy.temporary_lock, false, now};
  } else {
    acc.fail(r, "unknown state '" + state +
                    "' (expected active, active_no_email_verified, pending, inactive, temporarily_locked or "
                    "permanently_locked)");
  }
  const std::string& last = acc.get(r, "last_login");
  if (!last.empty()) {
    if (!valid_date(last.substr(0, 10)))
      acc.fail(r, "last_login must start with a date YYYY-MM-DD, got '" + last + "'");
    a.last_login_at = date_to_instant(last.substr(0, 10));
  }
  return a;
}

// The accounts file checked against the birth dates of the register rows it names (a NIR
// missing from `birth_dates` is not in the register file).
std::vector<ports::ImportedAccount> accounts_of(const Table& accounts, const std::map<std::string, std::string>& birth_dates,
                                                Instant now, const lockout::Policy& policy) {
  std::vector<ports::ImportedAccount> out;
  Reader acc(accounts, "accounts");
  acc.require({"nir", "state", "password"});
  std::set<std::string> seen;
  for (const auto& r : accounts.rows) {
    const std::string nir13 = nir13_of(acc, r, "nir");
    auto it = birth_dates.find(nir13);
    if (it != birth_dates.end() && !seen.insert(nir13).second) acc.fail(r, "NIR " + nir13 + " appears twice");
    out.push_back(account_of(acc, r, it == birth_dates.end() ? nullptr : &it->second, now, policy));
  }
  return out;
}

// Argon2id takes ~40 ms a password: use every core.
void hash_passwords(std::span<ports::ImportedAccount> accounts, ports::PasswordHasher& hasher) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  unsigned n = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i)
    workers.emplace_back([&] {
      for (std::size_t k; (k = next.fetch_add(1)) < accounts.size();)
        accounts[k].password_hash = hasher.hash(accounts[k].password_hash);
    });
  for (auto& w : workers) w.join();
}

std::vector<account::Organisme> organismes_of(const Table& t, std::set<std::string, std::less<>>& codes) {
  std::vector<account::Organisme> out;
  Reader org(t, "organismes");
  org.require({"code", "regime", "name", "online_space", "phone"});
  for (const auto& r : t.rows) {
    account::Organisme o{org.non_empty(r, "code"), org.non_empty(r, "regime"), org.non_empty(r, "name"),
                         org.non_empty(r, "online_space"), org.non_empty(r, "phone"), org.get(r, "address")};
    if (!codes.insert(o.code).second) org.fail(r, "organisme '" + o.code + "' appears twice");
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

std::expected<ports::ImportBatch, std::string> validate(const ImportFiles& files, Instant now, const lockout::Policy& policy) {
  ports::ImportBatch batch;
  try {
    std::set<std::string, std::less<>> codes;
    batch.organismes = organismes_of(files.organismes, codes);

    Reader reg(files.register_entries, "register");
    for (const char* c : kRegisterColumns) reg.require({c});
    std::set<std::string> nirs;
    const RegisterColumns cols(files.register_entries);
    for (const auto& r : files.register_entries.rows) {
      account::RegisterEntry e;
      register_row_into(reg, cols, r, codes, e);
      if (!nirs.insert(e.nir13).second) reg.fail(r, "NIR " + e.nir13 + " appears twice");
      batch.register_entries.push_back(std::move(e));
    }

    if (files.accounts) {
      std::map<std::string, std::string> birth_dates;
      for (const auto& e : batch.register_entries) birth_dates[e.nir13] = e.birth_date;
      batch.accounts = accounts_of(*files.accounts, birth_dates, now, policy);
    }
  } catch (const Failure& f) {
    return std::unexpected(f.message);
  }
  return batch;
}

std::expected<ImportSummary, std::string> import_files(const ImportFiles& files, ports::Store& store,
                                                       ports::PasswordHasher& hasher, const lockout::Policy& policy,
                                                       Instant now) {
  auto batch = validate(files, now, policy);
  if (!batch) return std::unexpected(batch.error());
  hash_passwords(batch->accounts, hasher);
  store.import_batch(*batch, now);
  return ImportSummary{batch->organismes.size(), batch->register_entries.size(), batch->accounts.size()};
}

namespace {

// The accounts file, after the register (issue 15): read `kAccountChunk` lines at a time; each
// chunk's NIRs are looked up among the staged register rows (the birth date the password policy
// needs), its passwords hashed in parallel, its accounts staged in the database. Memory is one
// chunk, whatever the size of the file. After a bad line, only checking goes on (no hashing).
constexpr std::size_t kAccountChunk = 1024;

struct AccountChunk {
  std::vector<TableRow> rows;
  std::size_t size = 0;  // rows[0, size) are this chunk's (the vector's strings are reused)
};

// Returns the number of accounts staged; adds bad lines to `errors` (the first `max_errors`).
std::int64_t stream_accounts(RowStream& file, ports::RegisterLoad& load, ports::PasswordHasher& hasher,
                             const lockout::Policy& policy, Instant now, const StreamImportOptions& options,
                             std::vector<std::string>& errors) {
  const std::size_t max_errors = options.max_errors;
  Table header_only{file.header(), {}};
  Reader acc(header_only, "accounts");
  acc.require({"nir", "state", "password"});
  const int nir_column = header_only.column("nir");
  AccountChunk chunk;
  chunk.rows.resize(kAccountChunk);
  std::vector<std::string> nirs;
  std::vector<std::size_t> looked_up;  // index in `nirs` of each row's NIR, or npos
  std::vector<ports::ImportedAccount> accounts;
  std::vector<std::int64_t> lines;
  std::int64_t bad = 0, staged = 0, read = 0;
  bool more = true;
  while (more) {
    if (options.on_account_progress && read > 0) options.on_account_progress(read);
    chunk.size = 0;
    try {
      while (chunk.size < kAccountChunk && (more = file.next(chunk.rows[chunk.size]))) ++chunk.size;
    } catch (const std::runtime_error& e) {
      throw Failure{std::string("accounts: ") + e.what()};
    }
    read += static_cast<std::int64_t>(chunk.size);
    nirs.clear();
    looked_up.assign(chunk.size, std::string::npos);
    for (std::size_t i = 0; i < chunk.size; ++i) {
      const auto& f = chunk.rows[i].fields;
      if (f.size() != header_only.header.size()) continue;
      if (auto n = nir::parse(f[static_cast<std::size_t>(nir_column)])) {
        looked_up[i] = nirs.size();
        nirs.push_back(n->digits13);
      }
    }
    const auto birth_dates = nirs.empty() ? std::vector<std::optional<std::string>>{} : load.staged_birth_dates(nirs);
    accounts.clear();
    lines.clear();
    for (std::size_t i = 0; i < chunk.size; ++i) {
      const TableRow& r = chunk.rows[i];
      try {
        if (r.fields.size() != header_only.header.size())
          acc.fail(r, std::to_string(r.fields.size()) + " fields, the header has " +
                          std::to_string(header_only.header.size()));
        const std::string* birth_date = nullptr;
        if (looked_up[i] != std::string::npos && birth_dates.at(looked_up[i])) birth_date = &*birth_dates[looked_up[i]];
        auto a = account_of(acc, r, birth_date, now, policy);
        if (bad == 0) {
          accounts.push_back(std::move(a));
          lines.push_back(r.line);
        }
      } catch (const Failure& f) {
        if (++bad <= static_cast<std::int64_t>(max_errors)) errors.push_back(f.message);
      }
    }
    if (bad != 0) continue;  // refused: checking goes on, hashing and staging stop
    hash_passwords(accounts, hasher);
    for (std::size_t k = 0; k < accounts.size(); ++k) load.stage_account(accounts[k], lines[k]);
    staged += static_cast<std::int64_t>(accounts.size());
  }
  if (options.on_account_progress) options.on_account_progress(read);
  if (bad > static_cast<std::int64_t>(max_errors))
    errors.push_back("accounts: " + std::to_string(bad - static_cast<std::int64_t>(max_errors)) +
                     " more bad lines not shown (" + std::to_string(bad) + " in all)");
  if (bad == 0)
    for (const auto& d : load.account_duplicates(max_errors))
      errors.push_back("accounts line " + std::to_string(d.line) + ": NIR " + d.nir13 + " appears " +
                       std::to_string(d.times) + " times (first on line " + std::to_string(d.first_line) + ")");
  return staged;
}

}  // namespace

std::expected<StreamImportSummary, std::vector<std::string>> import_stream(
    RowStream& rows, const Table& organismes_file, RowStream* accounts_file, ports::RegisterLoader& loader,
    ports::PasswordHasher& hasher, const lockout::Policy& policy, Instant now, const StreamImportOptions& options) {
  StreamImportSummary summary;
  std::vector<std::string> errors;
  std::set<std::string, std::less<>> codes;
  std::vector<account::Organisme> organismes;
  Table header_only{rows.header(), {}};
  Reader reg(header_only, "register");
  try {
    organismes = organismes_of(organismes_file, codes);
    for (const char* c : kRegisterColumns) reg.require({c});
    if (accounts_file) {
      Table accounts_header{accounts_file->header(), {}};
      Reader(accounts_header, "accounts").require({"nir", "state", "password"});
    }
  } catch (const Failure& f) {
    return std::unexpected(std::vector<std::string>{f.message});
  }

  auto load = loader.begin_register_load(options.batch_rows);
  std::int64_t bad = 0;
  TableRow r;
  const RegisterColumns cols(header_only);
  account::RegisterEntry e;
  while (rows.next(r)) {
    ++summary.register_rows;
    if (options.on_progress && summary.register_rows % 8192 == 0) options.on_progress(summary.register_rows);
    try {
      if (r.fields.size() != header_only.header.size())
        reg.fail(r, std::to_string(r.fields.size()) + " fields, the header has " +
                        std::to_string(header_only.header.size()));
      register_row_into(reg, cols, r, codes, e);
      if (bad == 0) load->stage(e, r.line);  // after a bad line, only checking goes on
    } catch (const Failure& f) {
      if (++bad <= static_cast<std::int64_t>(options.max_errors)) errors.push_back(f.message);
    }
  }
  if (options.on_progress) options.on_progress(summary.register_rows);
  if (bad > static_cast<std::int64_t>(options.max_errors))
    errors.push_back("register: " + std::to_string(bad - static_cast<std::int64_t>(options.max_errors)) +
                     " more bad lines not shown (" + std::to_string(bad) + " in all)");
  if (bad == 0) {
    for (const auto& d : load->duplicates(options.max_errors))
      errors.push_back("register line " + std::to_string(d.line) + ": NIR " + d.nir13 + " appears " +
                       std::to_string(d.times) + " times (first on line " + std::to_string(d.first_line) + ")");
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));

  if (accounts_file) {
    try {
      summary.accounts =
          static_cast<std::size_t>(stream_accounts(*accounts_file, *load, hasher, policy, now, options, errors));
    } catch (const Failure& f) {
      errors.push_back(f.message);
    }
    if (!errors.empty()) return std::unexpected(std::move(errors));
  }
  summary.register_changes = load->apply(organismes, now);
  summary.organismes = organismes.size();
  return summary;
}

}  // namespace mc::app
