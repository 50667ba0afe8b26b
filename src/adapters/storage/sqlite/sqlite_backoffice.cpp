// SQLite: staff, advisor actions, the help queue and the audit log (ports::BackOfficeStore).
// Every write takes the database's write lock first (BEGIN IMMEDIATE), reads the audit chain head
// inside that transaction and appends the entry before committing: the action and its audit entry
// are one transaction, and concurrent appends from any number of processes form one chain.
#include <memory>
#include <stdexcept>

#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/sqlite/sqlite_internal.hpp"
#include "adapters/storage/sqlite/sqlite_ports.hpp"
#include "adapters/storage/sqlite/sqlite_sql.hpp"
#include "core/ports/backoffice_store.hpp"

namespace mc::storage {

namespace {
namespace sql = sqlite_sql::backoffice;

Stmt& bind_opt(Stmt& st, int i, const std::optional<std::string>& v) {
  if (v) return st.bind(i, *v);
  return st.bind_null(i);
}

staff::ChainHead read_head(Db& db) {
  auto st = db.prepare(shared_sql::kHead.lite);
  if (!st.step()) throw std::runtime_error("audit_head row is missing (migration 0004 not applied?)");
  staff::ChainHead h{st.i64(0), st.text(1)};
  while (st.step()) {
  }
  return h;
}

// Inside the caller's write transaction: the head read here cannot move before commit.
staff::AuditEntry append(Db& db, const ports::AuditSealer& sealer) {
  const staff::ChainHead head = read_head(db);
  staff::AuditEntry e = sealer(head);
  if (e.seq != head.seq + 1 || e.prev_hash != head.hash)
    throw std::logic_error("audit entry not sealed on the chain head");
  {
    auto st = db.prepare(shared_sql::kInsertAudit.lite);
    const auto& d = e.draft;
    st.bind(1, e.seq).bind(2, to_millis(d.at)).bind(3, d.actor).bind(4, d.role).bind(5, d.action).bind(6, d.subject);
    st.bind(7, d.reason).bind(8, d.evidence).bind(9, d.details).bind(10, e.prev_hash).bind(11, e.hash);
    st.run();
  }
  db.run(shared_sql::kMoveHead.lite, e.seq, e.hash);
  return e;
}

bool changed(Db& db) { return sqlite3_changes(db.raw()) > 0; }

}  // namespace

staff::AuditEntry sqlite_detail::append_audit_entry(Db& db, const ports::AuditSealer& sealer) {
  return append(db, sealer);
}

namespace {

class SqliteBackOfficeStore final : public ports::BackOfficeStore, SqlitePort {
 public:
  explicit SqliteBackOfficeStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool add_staff(const staff::StaffMember& m, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kInsertStaff.lite, m.login, staff::to_string(m.role), m.password_hash, m.totp_secret,
            m.last_totp_step, m.active, to_millis(m.created_at), m.created_by);
    if (!changed(*db)) return false;
    (void)append(*db, audit);
    tx.commit();
    return true;
  }

  std::optional<staff::StaffMember> find_staff(std::string_view login) override {
    return select_first(shared_sql::kFindStaff.lite, rows::staff_member<Stmt>, login);
  }

  std::vector<staff::StaffMember> list_staff() override {
    return select_all(shared_sql::kListStaff.lite, rows::staff_member<Stmt>);
  }

  bool accept_totp_step(std::string_view login, std::int64_t step) override {
    auto db = lease();
    db->run(shared_sql::kAcceptStep.lite, login, step);
    return changed(*db);
  }

  bool set_staff_active(std::string_view login, bool active, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kSetActive.lite, login, active);
    if (!changed(*db)) return false;
    if (!active) {
      db->run(shared_sql::kEndStaffSessions.lite, login);
    }
    (void)append(*db, audit);
    tx.commit();
    return true;
  }

  bool unlock_staff(std::string_view login, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    {
      auto st = db->prepare(shared_sql::kStaffExists.lite);
      st.bind(1, login);
      if (!st.step()) return false;
      while (st.step()) {
      }
    }
    const std::string key = "staff:" + std::string(login);
    write_lockout_row(*db, key, lockout::cleared(read_lockout_row(*db, key), /*lift_permanent=*/true));
    (void)append(*db, audit);
    tx.commit();
    return true;
  }

  ports::ApplyResult apply(const ports::MemberChange& ch, const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    std::optional<std::string> state;
    {
      auto st = db->prepare(sql::kMemberState);
      st.bind(1, ch.nir13);
      if (!st.step()) return ports::ApplyResult::not_found;
      if (!st.is_null(1)) state = st.text(1);
      while (st.step()) {
      }
    }
    if (!ch.finds_expected(state)) return ports::ApplyResult::conflict;
    if (ch.unlock) {
      write_lockout_row(*db, ch.nir13, lockout::cleared(read_lockout_row(*db, ch.nir13), /*lift_permanent=*/true));
      clear_device_counters(*db, ch.nir13, /*keep_permanent=*/false);
    }
    if (ch.reactivate) {
      db->run(shared_sql::kReactivate.lite, ch.nir13, to_millis(ch.at));
    }
    if (ch.contact) write_contact(*db, ch.nir13, *ch.contact);
    if (ch.civil_status) {
      const auto& c = *ch.civil_status;
      auto st = db->prepare(sql::kUpdateCivil);
      st.bind(1, ch.nir13);
      bind_opt(st, 2, c.sex);
      bind_opt(st, 3, c.family_name);
      bind_opt(st, 4, c.given_names);
      bind_opt(st, 5, c.birth_date);
      bind_opt(st, 6, c.birth_place_insee);
      bind_opt(st, 7, c.birth_place_label);
      bind_opt(st, 8, c.birth_country);
      st.run();
    }
    if (ch.create_pending_account) {
      db->run(sql::kCreatePending, ch.nir13, to_millis(ch.at));
    }
    if (ch.code) {
      const auto& c = *ch.code;
      db->run(shared_sql::kVoidOpenCodes.lite, c.nir13, token::to_string(c.purpose), to_millis(c.created_at));
      db->run(shared_sql::kInsertCode.lite, c.nir13, token::to_string(c.purpose), token::to_string(c.channel),
              c.secret_hash, to_millis(c.created_at), to_millis(c.expires_at), c.detail);
    }
    for (const auto& m : ch.mails) insert_mail(*db, m, ch.at);
    for (const auto& l : ch.letters) insert_letter(*db, l, ch.at);
    if (!ch.attempt_note.empty()) {
      db->run(shared_sql::kInsertAttemptNote.lite, ch.nir13, to_millis(ch.at), ch.attempt_note);
    }
    (void)append(*db, audit);
    tx.commit();
    return ports::ApplyResult::ok;
  }

  std::vector<ports::MemberSummary> search_members(std::string_view family_name, std::string_view birth_date,
                                                   int limit) override {
    auto summary = [](const Stmt& r) {
      return ports::MemberSummary{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.boolean(6)};
    };
    return select_all(sql::kSearch, summary, family_name, birth_date, limit);
  }

  staff::AuditEntry append_audit(const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    auto e = append(*db, audit);
    tx.commit();
    return e;
  }

  staff::ChainHead audit_head() override {
    auto db = lease();
    return read_head(*db);
  }

  std::vector<staff::AuditEntry> audit_entries(std::int64_t after_seq, int limit) override {
    return select_all(shared_sql::kAuditEntries.lite, rows::audit_entry<Stmt>, after_seq, limit);
  }

  void file_help_request(const staff::HelpRequest& r, const ports::AuditSealer* audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kInsertHelp.lite, r.reference, r.nir13, r.birth_date, r.phone, staff::to_string(r.category),
            staff::urgency(r.category), r.text, to_millis(r.created_at), r.filed_by);
    if (audit) (void)append(*db, *audit);
    tx.commit();
  }

  std::vector<staff::HelpRequest> help_queue(std::optional<staff::HelpStatus> status, int limit) override {
    auto db = lease();
    auto st = db->prepare(sql::kHelpQueue);
    if (status)
      st.bind(1, staff::to_string(*status));
    else
      st.bind_null(1);
    st.bind(2, limit);
    std::vector<staff::HelpRequest> out;
    while (st.step()) out.push_back(rows::help_request(st));
    return out;
  }

  std::optional<staff::HelpRequest> find_help_request(std::string_view reference) override {
    return select_first(sql::kFindHelp, rows::help_request<Stmt>, reference);
  }

  bool claim_help_request(std::string_view reference, std::string_view login, Instant now,
                          const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(shared_sql::kClaimHelp.lite, reference, login, to_millis(now));
    if (!changed(*db)) return false;
    (void)append(*db, audit);
    tx.commit();
    return true;
  }

  bool resolve_help_request(std::string_view reference, std::string_view login, bool any_claimer,
                            std::string_view outcome, staff::Reply reply, Instant now,
                            const std::optional<outbox::Mail>& mail, const std::optional<outbox::Letter>& letter,
                            const ports::AuditSealer& audit) override {
    auto db = lease();
    Transaction tx(*db);
    db->run(sql::kResolveHelp, reference, login, any_claimer, to_millis(now), outcome, staff::to_string(reply));
    if (!changed(*db)) return false;
    if (mail) insert_mail(*db, *mail, now);
    if (letter) insert_letter(*db, *letter, now);
    (void)append(*db, audit);
    tx.commit();
    return true;
  }
};

}  // namespace

std::unique_ptr<ports::BackOfficeStore> sqlite_detail::make_backoffice_store(SqlitePool& pool) {
  return std::make_unique<SqliteBackOfficeStore>(pool);
}

}  // namespace mc::storage
