// PostgreSQL: the streaming register import (ports::RegisterLoader, issue 15).
//
// First load (the register is empty): the rows go with COPY … FROM STDIN straight into
// register_entries, in a transaction held open until apply() commits (nothing is visible
// before). The table has no index while the rows go in: its primary key (and the foreign keys that
// name it, accounts') is dropped and added back after the COPY, one sorted build instead of a
// B-tree insertion per row, which about doubled the COPY's time; the key refuses duplicates then.
// The NIRs and their line numbers are
// also appended to an unlinked local temporary file (≈ 20 bytes a row, on disk, not in memory),
// read only when the key refuses a duplicate: the load is rolled back, the keys are COPYed into a
// TEMP table and the database lists every duplicated NIR with its lines. On the happy path the
// server never sees the keys twice (they used to go to a second connection during the load, which
// cost the server a second COPY beside the first). While loading, the organisme foreign key is
// dropped (no trigger per row) and the secondary indexes are absent; apply() checks each distinct
// organisme of the file once, builds the indexes, and adds the keys back (one set-based
// validation each). This transaction holds an exclusive lock on the (empty) register, and on the
// tables whose foreign keys name it (accounts, empty too), until commit.
//
// Sync (a live register): rows are sent with COPY into a TEMP table (not WAL-logged, private to
// this session), indexed, the database finds duplicate NIRs, then the merge (INSERT … SELECT … ON
// CONFLICT) runs in key ranges of at most `batch_rows` rows, one transaction each: readers never
// wait on it (MVCC), and a row lock the merge holds (an e-mail change racing the sync) lasts one
// batch at most.
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_register_loader.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/shared_sql.hpp"

namespace mc::storage {

namespace {

namespace sql = pg_sql::import;

// COPY text format: backslash, tab, newline and carriage return escaped. The runs between them
// are appended whole (the import's client spends its CPU here and in the CSV parser).
void copy_field(std::string& out, std::string_view v) {
  for (;;) {
    // A plain loop: libstdc++'s find_first_of calls memchr over the set for every character
    // (with the CSV reader's own, 44 % of the import's client CPU).
    std::size_t at = 0;
    while (at < v.size() && v[at] != '\\' && v[at] != '\t' && v[at] != '\n' && v[at] != '\r') ++at;
    out.append(v.substr(0, at));
    if (at == v.size()) return;
    switch (v[at]) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      default: out += "\\r"; break;
    }
    v.remove_prefix(at + 1);
  }
}

void append_number(std::string& out, std::int64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_number(std::string& out, std::optional<std::int64_t> n) {
  if (n)
    append_number(out, *n);
  else
    out += "\\N";
}

// A row of kKeyDuplicates, kDuplicates, kAccountDuplicates: NIR, first line, last line, times.
ports::DuplicateNir duplicate_nir(const pg::Row& r) { return {r.text(0), r.i64(1), r.i64(2), r.i64(3)}; }

class PostgresRegisterLoad final : public ports::RegisterLoad {
 public:
  PostgresRegisterLoad(pg::Pool& pool, std::size_t batch_rows)
      : c_(pool.acquire()), batch_rows_(std::max<std::size_t>(batch_rows, 1)) {
    c_->exec_script(sql::kSession);
    buffer_.reserve(kFlush + 4096);
    if (c_->exec(shared_sql::kRegisterEmpty.pg).boolean(0, 0)) {
      c_->exec_script("BEGIN");
      in_tx_ = true;
      c_->exec_script(sql::kLockRegister);
      // Still empty once locked (another import may have committed meanwhile)?
      first_load_ = c_->exec(shared_sql::kRegisterEmpty.pg).boolean(0, 0);
      if (!first_load_) {
        c_->exec_script("ROLLBACK");
        in_tx_ = false;
      }
    }
    if (first_load_) {
      auto fk = c_->exec(sql::kOrganismeForeignKey);
      for (int i = 0; i < fk.rows(); ++i) foreign_keys_.push_back(fk.text(i, 0));
      for (const auto& name : foreign_keys_) c_->exec_script("ALTER TABLE register_entries DROP CONSTRAINT " + name);
      auto refs = c_->exec(sql::kReferencingKeys);
      for (int i = 0; i < refs.rows(); ++i) referencing_.push_back({refs.text(i, 0), refs.text(i, 1), refs.text(i, 2)});
      for (const auto& k : referencing_) c_->exec_script("ALTER TABLE " + k.table + " DROP CONSTRAINT " + k.name);
      auto pk = c_->exec(sql::kPrimaryKey);
      if (pk.rows() != 1) throw std::runtime_error("register_entries has no primary key");
      primary_key_ = {"register_entries", pk.text(0, 0), pk.text(0, 1)};
      c_->exec_script("ALTER TABLE register_entries DROP CONSTRAINT " + primary_key_.name);
      c_->exec_script(shared_sql::kDropIndexes.pg);
      keys_file_ = std::tmpfile();
      if (keys_file_ == nullptr) throw std::runtime_error("cannot create a temporary file for the register's keys");
      c_->copy_begin(sql::kCopyRegister);
    } else {
      c_->exec_script(sql::kCreateStage);
      c_->copy_begin(sql::kCopy);
    }
    copying_ = true;
    sender_ = std::thread([this] { send_loop(); });
  }
  PostgresRegisterLoad(const PostgresRegisterLoad&) = delete;
  PostgresRegisterLoad& operator=(const PostgresRegisterLoad&) = delete;
  ~PostgresRegisterLoad() override {
    if (keys_file_ != nullptr) (void)std::fclose(keys_file_);
    try {
      stop_sending();
      if (copying_) c_->copy_end();
    } catch (...) {
    }
    try {
      if (in_tx_) c_->exec_script("ROLLBACK");
      c_->exec_script(sql::kResetSession);
    } catch (...) {
    }
  }

  void stage(const account::RegisterEntry& r, std::int64_t line) override {
    if (first_load_) {
      if (last_organisme_ == nullptr || *last_organisme_ != r.organisme)
        last_organisme_ = &*organismes_seen_.insert(r.organisme).first;
      append_number(keys_buffer_, line);
      keys_buffer_ += '\t';
      keys_buffer_ += r.nir13;
      keys_buffer_ += '\n';
    } else {
      append_number(buffer_, line);
      buffer_ += '\t';
    }
    bool first = true;
    for (const std::string* f :
         {&r.nir13, &r.sex, &r.family_name, &r.given_names, &r.birth_date, &r.birth_place_insee, &r.birth_place_label,
          &r.birth_country, &r.address, &r.postal_code, &r.city, &r.email, &r.phone, &r.organisme, &r.vitale_serial,
          &r.iban_last7, &r.rights_from, &r.rights_to}) {
      if (!first) buffer_ += '\t';
      first = false;
      copy_field(buffer_, *f);
    }
    buffer_ += r.css ? "\tt" : "\tf";
    buffer_ += r.ald ? "\tt\n" : "\tf\n";
    ++staged_;
    if (buffer_.size() >= kFlush) flush();
  }

  std::vector<ports::DuplicateNir> duplicates(std::size_t limit) override {
    if (copying_) {  // once, however often the duplicates are asked for
      flush();
      stop_sending();
      copying_ = false;
      if (first_load_) {
        try {
          c_->copy_end();
          add(primary_key_);  // one sorted build; refuses the file if a NIR appears twice
        } catch (const std::runtime_error& e) {
          // The primary key refused a NIR: the keys file says which, and where.
          if (std::string_view(e.what()).find("[23505]") == std::string_view::npos) throw;
          key_refused_ = true;
        }
        if (key_refused_) load_keys();
      } else {
        c_->copy_end();
        c_->exec_script(sql::kIndexStage);
      }
    }
    if (first_load_ && !key_refused_) return {};  // the primary key took every row: none twice
    auto out = c_->exec(first_load_ ? sql::kKeyDuplicates : sql::kDuplicates, params(static_cast<std::int64_t>(limit)))
                   .all(duplicate_nir);
    if (out.empty() && key_refused_ && limit > 0)  // the key refused a row the keys table holds once
      throw std::runtime_error("the register's primary key refused a row, yet no NIR appears twice");
    return out;
  }

  std::vector<std::optional<std::string>> staged_birth_dates(const std::vector<std::string>& nir13s) override {
    end_staging();
    std::string array = "{";  // NIRs are digits: an array literal needs no quoting
    for (const auto& n : nir13s) (array += (array.size() > 1 ? "," : "")) += n;
    array += '}';
    auto r = c_->exec(first_load_ ? sql::kLoadedBirthDates : sql::kStagedBirthDates, params(array));
    std::unordered_map<std::string, std::string> found;
    found.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) found.emplace(r.text(i, 0), r.text(i, 1));
    std::vector<std::optional<std::string>> out;
    out.reserve(nir13s.size());
    for (const auto& n : nir13s) {
      auto it = found.find(n);
      out.push_back(it == found.end() ? std::nullopt : std::optional<std::string>(it->second));
    }
    return out;
  }

  void stage_account(const ports::ImportedAccount& a, std::int64_t line) override {
    end_staging();
    if (!accounts_) {
      c_->exec_script(sql::kCreateAccounts);
      accounts_ = true;
    }
    std::string& b = accounts_buffer_;
    append_number(b, line);
    b += '\t';
    copy_field(b, a.nir13);
    b += '\t';
    copy_field(b, account::to_string(a.state));
    b += '\t';
    copy_field(b, a.password_hash);
    b += a.email_verified ? "\tt\t" : "\tf\t";
    append_number(b, opt_ms(a.last_login_at));
    b += '\t';
    append_number(b, static_cast<std::int64_t>(a.lock.failures));
    b += '\t';
    append_number(b, opt_ms(a.lock.locked_until));
    b += a.lock.permanently_locked ? "\tt\t" : "\tf\t";
    append_number(b, opt_ms(a.lock.last_failure_at));
    b += '\n';
    if (b.size() >= kFlush) flush_accounts();
  }

  std::vector<ports::DuplicateNir> account_duplicates(std::size_t limit) override {
    if (!accounts_) return {};
    flush_accounts();
    return c_->exec(sql::kAccountDuplicates, params(static_cast<std::int64_t>(limit))).all(duplicate_nir);
  }

  ports::SyncCounts apply(const std::vector<account::Organisme>& organismes, Instant now) override {
    end_staging();
    flush_accounts();
    Conn& c = *c_;
    ports::SyncCounts n;
    auto put_organismes = [&] {
      for (const auto& o : organismes)
        (void)c.exec(sql::kUpsertOrganisme, params(o.code, o.regime, o.name, o.online_space, o.phone, o.address));
    };
    auto put_accounts = [&] {
      if (!accounts_) return;
      (void)c.exec(sql::kApplyAccounts, params(to_millis(now)));
      (void)c.exec(sql::kApplyLockouts);
    };
    if (first_load_) {
      put_organismes();
      // The foreign key, once per distinct organisme of the file rather than once per row.
      std::string unknown;
      for (const auto& code : organismes_seen_)
        if (!c.exec(sql::kOrganismeExists, params(code)).boolean(0, 0)) unknown += (unknown.empty() ? "" : ", ") + code;
      if (!unknown.empty())
        throw std::runtime_error("register rows name organismes that are not in the organismes file: " + unknown);
      c.exec_script(shared_sql::kCreateIndexes.pg);
      for (const auto& name : foreign_keys_)
        c.exec_script("ALTER TABLE register_entries ADD CONSTRAINT " + name +
                      " FOREIGN KEY (organisme) REFERENCES organismes(code)");
      // The accounts before the foreign keys naming the register come back: one set-based check.
      put_accounts();
      for (const auto& k : referencing_) add(k);
      c.exec_script("COMMIT");
      in_tx_ = false;
      n.added = staged_;
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
    n.unchanged = staged_ - n.added - n.changed;
    if (accounts_) {
      Transaction tx(c);
      put_accounts();
      tx.commit();
    }
    return n;
  }

 private:
  static constexpr std::size_t kFlush = 1 << 20;
  // The register's COPY ended and its duplicates looked for (once); apply() and the accounts
  // need a register that took every row.
  void end_staging() {
    if (copying_) (void)duplicates(1);
    if (key_refused_)
      throw std::logic_error("the register refused duplicate NIRs: nothing more may be staged or applied");
  }
  // The accounts staged since the last flush, in one COPY.
  void flush_accounts() {
    if (accounts_buffer_.empty()) return;
    c_->copy_begin(sql::kCopyAccounts);
    c_->copy_put(accounts_buffer_);
    c_->copy_end();
    accounts_buffer_.clear();
  }
  // The COPY data goes to the server on a thread of its own (send_loop): while copy_put waits
  // for the server to take a buffer, the next one is being parsed and checked (2 cores: the
  // client's parsing and the server's COPY overlap instead of taking turns).
  void flush() {
    if (!buffer_.empty()) {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return !has_pending_ || send_error_; });
      if (send_error_) std::rethrow_exception(send_error_);
      std::swap(buffer_, pending_);
      has_pending_ = true;
      ready_.notify_all();
    }
    buffer_.clear();
    if (!keys_buffer_.empty() &&
        std::fwrite(keys_buffer_.data(), 1, keys_buffer_.size(), keys_file_) != keys_buffer_.size())
      throw std::runtime_error("cannot write the register's keys to a temporary file");
    keys_buffer_.clear();
  }
  void send_loop() {
    std::string sending;
    sending.reserve(kFlush + 4096);
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return has_pending_ || stopping_; });
        if (!has_pending_) return;  // stopping, everything sent
        std::swap(sending, pending_);
      }
      try {
        c_->copy_put(sending);
      } catch (...) {
        std::lock_guard lock(mutex_);
        send_error_ = std::current_exception();
        has_pending_ = false;
        ready_.notify_all();
        return;
      }
      sending.clear();
      std::lock_guard lock(mutex_);
      has_pending_ = false;
      ready_.notify_all();
    }
  }
  // Waits until every buffer handed over is sent (or failed), then ends the thread; rethrows a
  // send's error.
  void stop_sending() {
    if (!sender_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      ready_.notify_all();
    }
    sender_.join();
    if (send_error_) std::rethrow_exception(std::exchange(send_error_, nullptr));
  }
  struct Constraint {
    std::string table, name, definition;
  };
  void add(const Constraint& k) {
    c_->exec_script("ALTER TABLE " + k.table + " ADD CONSTRAINT " + k.name + " " + k.definition);
  }
  // After the primary key refused a row: the load is rolled back, and the keys file goes, in
  // chunks of kFlush bytes, into a TEMP table of this session that kKeyDuplicates reads.
  void load_keys() {
    c_->exec_script("ROLLBACK");
    in_tx_ = false;
    c_->exec_script(sql::kCreateKeys);
    c_->copy_begin(sql::kCopyKeys);
    std::rewind(keys_file_);
    std::string chunk(kFlush, '\0');
    for (std::size_t got; (got = std::fread(chunk.data(), 1, chunk.size(), keys_file_)) > 0;)
      c_->copy_put(std::string_view(chunk.data(), got));
    if (std::ferror(keys_file_) != 0) throw std::runtime_error("cannot read the register's keys back");
    c_->copy_end();
  }

  pg::Pool::Lease c_;
  std::FILE* keys_file_ = nullptr;  // first load only: the NIRs and their lines, "line\tnir13\n"
  std::size_t batch_rows_;
  std::string buffer_, keys_buffer_;
  std::string accounts_buffer_;  // accounts staged, not yet sent (kFlush bytes at most)
  bool accounts_ = false;        // pg_temp.import_accounts created (stage_account called)
  std::int64_t staged_ = 0;
  bool copying_ = false;
  bool first_load_ = false;
  bool in_tx_ = false;
  bool key_refused_ = false;
  std::vector<std::string> foreign_keys_;
  Constraint primary_key_;                       // first load: dropped while the rows go in
  std::vector<Constraint> referencing_;          // first load: the foreign keys naming it
  std::set<std::string> organismes_seen_;        // as many as the organismes file has, at most
  const std::string* last_organisme_ = nullptr;  // in organismes_seen_: the previous row's
  // The sender thread and the buffer it is handed (guarded by mutex_).
  std::thread sender_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::string pending_;
  bool has_pending_ = false, stopping_ = false;
  std::exception_ptr send_error_;
};

}  // namespace

std::unique_ptr<ports::RegisterLoad> PostgresRegisterLoader::begin_register_load(std::size_t batch_rows) {
  return std::make_unique<PostgresRegisterLoad>(pool_, batch_rows);
}

}  // namespace mc::storage
