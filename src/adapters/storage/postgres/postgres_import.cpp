// PostgreSQL: the streaming register import (ports::RegisterLoader, issue 15).
//
// Rows are sent with COPY … FROM STDIN into a TEMP table (not WAL-logged, private to this
// session), the database finds duplicate NIRs with an index built after loading, then one
// set-based INSERT … SELECT … ON CONFLICT merges them. Into an empty register that is one
// transaction, secondary indexes rebuilt after the load. Into a live register the merge runs in
// key ranges of at most `batch_rows` rows, one transaction each: readers never wait on it (MVCC),
// and a row lock the merge holds (an e-mail change racing the sync) lasts one batch at most.
#include "adapters/storage/postgres/postgres_internal.hpp"

namespace mc::storage {

using pg::Conn;
using pg::params;
using pg::Transaction;
using namespace pg_detail;

namespace {

namespace sql {
#define MC_REGISTER_COLUMNS                                                                                          \
  "nir13, sex, family_name, given_names, birth_date, birth_place_insee, birth_place_label, birth_country, address," \
  " postal_code, city, email, phone, organisme, vitale_serial, iban_last7, rights_from, rights_to, css, ald"
// The import's own session: its statements may run longer than storage.wait_ms (a lock still
// may not be waited for longer than that).
constexpr const char* kSession = "SET statement_timeout = 0";
constexpr const char* kCreateStage =
    "DROP TABLE IF EXISTS pg_temp.import_stage;"
    "CREATE TEMP TABLE import_stage (line BIGINT NOT NULL, nir13 TEXT NOT NULL, sex TEXT NOT NULL,"
    " family_name TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place_insee TEXT NOT NULL,"
    " birth_place_label TEXT NOT NULL, birth_country TEXT NOT NULL, address TEXT NOT NULL, postal_code TEXT NOT NULL,"
    " city TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, organisme TEXT NOT NULL, vitale_serial TEXT NOT NULL,"
    " iban_last7 TEXT NOT NULL, rights_from TEXT NOT NULL, rights_to TEXT NOT NULL, css BOOLEAN NOT NULL,"
    " ald BOOLEAN NOT NULL)";
constexpr const char* kCopy = "COPY pg_temp.import_stage (line, " MC_REGISTER_COLUMNS ") FROM STDIN";
constexpr const char* kIndexStage =
    "CREATE INDEX import_stage_nir ON pg_temp.import_stage (nir13 COLLATE \"C\", line); ANALYZE pg_temp.import_stage";
constexpr const char* kDuplicates =
    "SELECT nir13, min(line), max(line), count(*) FROM pg_temp.import_stage GROUP BY nir13 HAVING count(*) > 1"
    " ORDER BY min(line) LIMIT $1";
constexpr const char* kStagedRows = "SELECT count(*) FROM pg_temp.import_stage";
constexpr const char* kRegisterEmpty = "SELECT NOT EXISTS (SELECT 1 FROM register_entries)";
constexpr const char* kUpsertOrganisme =
    "INSERT INTO organismes (code, regime, name, online_space, phone, address) VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (code) DO UPDATE SET regime = excluded.regime, name = excluded.name,"
    " online_space = excluded.online_space, phone = excluded.phone, address = excluded.address"
    " WHERE (organismes.regime, organismes.name, organismes.online_space, organismes.phone, organismes.address)"
    " IS DISTINCT FROM (excluded.regime, excluded.name, excluded.online_space, excluded.phone, excluded.address)";
// Initial load: the secondary indexes of migrations 0001 and 0003 built once, after the rows.
constexpr const char* kDropIndexes = "DROP INDEX IF EXISTS register_by_name; DROP INDEX IF EXISTS register_by_birth_date";
constexpr const char* kCreateIndexes =
    "CREATE INDEX register_by_name ON register_entries(family_name, birth_date);"
    "CREATE INDEX register_by_birth_date ON register_entries(birth_date)";
constexpr const char* kLoadAll =
    "INSERT INTO register_entries (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM pg_temp.import_stage ORDER BY nir13";
// Sync: key ranges (byte order) of the staged rows.
constexpr const char* kBatchEnd =
    "SELECT max(nir13 COLLATE \"C\") FROM (SELECT nir13 FROM pg_temp.import_stage WHERE nir13 COLLATE \"C\" > $1"
    " ORDER BY nir13 COLLATE \"C\" LIMIT $2) b";
#define MC_RANGE " s.nir13 COLLATE \"C\" > $1 AND s.nir13 COLLATE \"C\" <= $2"
constexpr const char* kCountNew =
    "SELECT count(*) FROM pg_temp.import_stage s WHERE" MC_RANGE
    " AND NOT EXISTS (SELECT 1 FROM register_entries r WHERE r.nir13 = s.nir13)";
constexpr const char* kCountEmailChanges =
    "SELECT count(*) FROM pg_temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13 WHERE" MC_RANGE
    " AND r.email <> s.email";
// Links and codes sent by e-mail to an address the register no longer has: void.
constexpr const char* kVoidEmailCodes =
    "UPDATE codes SET voided_at = $3 WHERE channel = 'email' AND used_at IS NULL AND voided_at IS NULL"
    " AND nir13 IN (SELECT s.nir13 FROM pg_temp.import_stage s JOIN register_entries r ON r.nir13 = s.nir13"
    " WHERE" MC_RANGE " AND r.email <> s.email)";
constexpr const char* kMergeRange =
    "INSERT INTO register_entries AS t (" MC_REGISTER_COLUMNS ") SELECT " MC_REGISTER_COLUMNS
    " FROM pg_temp.import_stage s WHERE" MC_RANGE " ORDER BY nir13"
    " ON CONFLICT (nir13) DO UPDATE SET sex = excluded.sex, family_name = excluded.family_name,"
    " given_names = excluded.given_names, birth_date = excluded.birth_date,"
    " birth_place_insee = excluded.birth_place_insee, birth_place_label = excluded.birth_place_label,"
    " birth_country = excluded.birth_country, address = excluded.address, postal_code = excluded.postal_code,"
    " city = excluded.city, email = excluded.email, phone = excluded.phone, organisme = excluded.organisme,"
    " vitale_serial = excluded.vitale_serial, iban_last7 = excluded.iban_last7, rights_from = excluded.rights_from,"
    " rights_to = excluded.rights_to, css = excluded.css, ald = excluded.ald"
    " WHERE (t.sex, t.family_name, t.given_names, t.birth_date, t.birth_place_insee, t.birth_place_label,"
    " t.birth_country, t.address, t.postal_code, t.city, t.email, t.phone, t.organisme, t.vitale_serial,"
    " t.iban_last7, t.rights_from, t.rights_to, t.css, t.ald) IS DISTINCT FROM (excluded.sex, excluded.family_name,"
    " excluded.given_names, excluded.birth_date, excluded.birth_place_insee, excluded.birth_place_label,"
    " excluded.birth_country, excluded.address, excluded.postal_code, excluded.city, excluded.email, excluded.phone,"
    " excluded.organisme, excluded.vitale_serial, excluded.iban_last7, excluded.rights_from, excluded.rights_to,"
    " excluded.css, excluded.ald)";
constexpr const char* kUpsertAccount =
    "INSERT INTO accounts (nir13, state, password_hash, email_verified, created_at, last_login_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (nir13) DO UPDATE SET state = excluded.state,"
    " password_hash = excluded.password_hash, email_verified = excluded.email_verified,"
    " last_login_at = excluded.last_login_at";
constexpr const char* kWriteLockout =
    "INSERT INTO lockouts (nir13, failures, locked_until, permanently_locked, last_failure_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (nir13) DO UPDATE SET failures = excluded.failures,"
    " locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked,"
    " last_failure_at = excluded.last_failure_at, lock_pending = FALSE";
#undef MC_RANGE
#undef MC_REGISTER_COLUMNS
}  // namespace sql

// COPY text format: backslash, tab, newline and carriage return escaped.
void copy_field(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

class PostgresRegisterLoad final : public ports::RegisterLoad {
 public:
  PostgresRegisterLoad(pg::Pool::Lease lease, std::size_t batch_rows)
      : c_(std::move(lease)), batch_rows_(std::max<std::size_t>(batch_rows, 1)) {
    c_->exec_script(sql::kSession);
    c_->exec_script(sql::kCreateStage);
    c_->copy_begin(sql::kCopy);
    copying_ = true;
    buffer_.reserve(kFlush + 4096);
  }
  ~PostgresRegisterLoad() override {
    try {
      if (copying_) c_->copy_end();
      c_->exec_script("DROP TABLE IF EXISTS pg_temp.import_stage; RESET statement_timeout");
    } catch (...) {
    }
  }

  void stage(const account::RegisterEntry& r, std::int64_t line) override {
    buffer_ += std::to_string(line);
    for (const std::string* f : {&r.nir13, &r.sex, &r.family_name, &r.given_names, &r.birth_date, &r.birth_place_insee,
                                 &r.birth_place_label, &r.birth_country, &r.address, &r.postal_code, &r.city, &r.email,
                                 &r.phone, &r.organisme, &r.vitale_serial, &r.iban_last7, &r.rights_from, &r.rights_to}) {
      buffer_ += '\t';
      copy_field(buffer_, *f);
    }
    buffer_ += r.css ? "\tt" : "\tf";
    buffer_ += r.ald ? "\tt\n" : "\tf\n";
    if (buffer_.size() >= kFlush) flush();
  }

  std::vector<ports::DuplicateNir> duplicates(std::size_t limit) override {
    if (copying_) {  // once, however often the duplicates are asked for
      flush();
      c_->copy_end();
      copying_ = false;
      c_->exec_script(sql::kIndexStage);
    }
    auto r = c_->exec(sql::kDuplicates, params(static_cast<std::int64_t>(limit)));
    std::vector<ports::DuplicateNir> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.i64(i, 1), r.i64(i, 2), r.i64(i, 3)});
    return out;
  }

  ports::SyncCounts apply(const std::vector<account::Organisme>& organismes,
                          const std::vector<ports::ImportedAccount>& accounts, Instant now) override {
    Conn& c = *c_;
    ports::SyncCounts n;
    const std::int64_t staged = c.exec(sql::kStagedRows).i64(0, 0);
    auto put_organismes = [&] {
      for (const auto& o : organismes)
        (void)c.exec(sql::kUpsertOrganisme, params(o.code, o.regime, o.name, o.online_space, o.phone, o.address));
    };
    auto put_accounts = [&] {
      for (const auto& a : accounts) {
        (void)c.exec(sql::kUpsertAccount, params(a.nir13, account::to_string(a.state), a.password_hash,
                                                 a.email_verified, to_millis(now), opt_ms(a.last_login_at)));
        (void)c.exec(sql::kWriteLockout, params(a.nir13, a.lock.failures, opt_ms(a.lock.locked_until),
                                                a.lock.permanently_locked, opt_ms(a.lock.last_failure_at)));
      }
    };
    if (c.exec(sql::kRegisterEmpty).boolean(0, 0)) {
      Transaction tx(c);
      put_organismes();
      c.exec_script(sql::kDropIndexes);
      n.added = c.exec(sql::kLoadAll).affected();
      c.exec_script(sql::kCreateIndexes);
      put_accounts();
      tx.commit();
      n.batches = 1;
      return n;
    }
    {
      Transaction tx(c);
      put_organismes();
      tx.commit();
    }
    std::string lo;
    for (;;) {
      auto end = c.exec(sql::kBatchEnd, params(lo, static_cast<std::int64_t>(batch_rows_)));
      if (end.is_null(0, 0)) break;
      std::string hi = end.text(0, 0);
      Transaction tx(c);
      const std::int64_t added = c.exec(sql::kCountNew, params(lo, hi)).i64(0, 0);
      n.emails_changed += c.exec(sql::kCountEmailChanges, params(lo, hi)).i64(0, 0);
      n.links_voided += c.exec(sql::kVoidEmailCodes, params(lo, hi, to_millis(now))).affected();
      n.changed += c.exec(sql::kMergeRange, params(lo, hi)).affected() - added;
      n.added += added;
      tx.commit();
      ++n.batches;
      lo = hi;
    }
    n.unchanged = staged - n.added - n.changed;
    if (!accounts.empty()) {
      Transaction tx(c);
      put_accounts();
      tx.commit();
    }
    return n;
  }

 private:
  static constexpr std::size_t kFlush = 1 << 20;
  void flush() {
    if (buffer_.empty()) return;
    c_->copy_put(buffer_);
    buffer_.clear();
  }

  pg::Pool::Lease c_;
  std::size_t batch_rows_;
  std::string buffer_;
  bool copying_ = false;
};

}  // namespace

std::unique_ptr<ports::RegisterLoad> PostgresStore::begin_register_load(std::size_t batch_rows) {
  return std::make_unique<PostgresRegisterLoad>(pool_.acquire(), batch_rows);
}

}  // namespace mc::storage
