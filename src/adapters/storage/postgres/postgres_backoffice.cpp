// PostgreSQL: staff, advisor actions, the help queue and the audit log (ports::BackOfficeStore;
// the SQLite twin is sqlite/sqlite_backoffice.cpp). Each action and its audit entry are one
// transaction. Appends are serialised by the row lock on audit_head (SELECT … FOR UPDATE), taken
// last in every transaction so that it cannot form a cycle with the member rows locked before.
// Optional text parameters are passed as '' for "unchanged" (the use cases never store '').
#include <memory>
#include <stdexcept>

#include "adapters/storage/postgres/postgres_internal.hpp"
#include "adapters/storage/postgres/postgres_ports.hpp"
#include "adapters/storage/postgres/postgres_sql.hpp"
#include "adapters/storage/rows.hpp"
#include "adapters/storage/shared_sql.hpp"
#include "core/ports/backoffice_store.hpp"

namespace mc::storage {

namespace {
namespace sql = pg_sql::backoffice;

std::string or_empty(const std::optional<std::string>& v) { return v.value_or(std::string()); }

// Inside the caller's transaction, after every other lock it takes.
staff::AuditEntry append(Conn& c, const ports::AuditSealer& sealer) {
  auto head_row = c.exec(sql::kLockHead);
  if (head_row.empty()) throw std::runtime_error("audit_head row is missing (migration 0004 not applied?)");
  const staff::ChainHead head{head_row.i64(0, 0), head_row.text(0, 1)};
  staff::AuditEntry e = sealer(head);
  if (e.seq != head.seq + 1 || e.prev_hash != head.hash)
    throw std::logic_error("audit entry not sealed on the chain head");
  const auto& d = e.draft;
  (void)c.exec(shared_sql::kInsertAudit.pg, params(e.seq, to_millis(d.at), d.actor, d.role, d.action, d.subject,
                                                   d.reason, d.evidence, d.details, e.prev_hash, e.hash));
  (void)c.exec(shared_sql::kMoveHead.pg, params(e.seq, e.hash));
  return e;
}

}  // namespace

staff::AuditEntry pg_detail::append_audit_entry(Conn& c, const ports::AuditSealer& sealer) { return append(c, sealer); }

namespace {

class PostgresBackOfficeStore final : public ports::BackOfficeStore, PgPort {
 public:
  explicit PostgresBackOfficeStore(pg::Pool& pool) : PgPort(pool) {}

  bool add_staff(const staff::StaffMember& m, const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      auto r = c.exec(shared_sql::kInsertStaff.pg,
                      params(m.login, staff::to_string(m.role), m.password_hash, m.totp_secret, m.last_totp_step,
                             m.active, to_millis(m.created_at), m.created_by));
      if (r.affected() == 0) return false;
      (void)append(c, audit);
      tx.commit();
      return true;
    });
  }

  std::optional<staff::StaffMember> find_staff(std::string_view login) override {
    return select_first(shared_sql::kFindStaff.pg, rows::staff_member<pg::Row>, login);
  }

  std::vector<staff::StaffMember> list_staff() override {
    return select_all(shared_sql::kListStaff.pg, rows::staff_member<pg::Row>);
  }

  bool accept_totp_step(std::string_view login, std::int64_t step) override {
    return run([&](Conn& c) { return c.exec(shared_sql::kAcceptStep.pg, params(login, step)).affected() == 1; });
  }

  bool set_staff_active(std::string_view login, bool active, const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(shared_sql::kSetActive.pg, params(login, active)).affected() == 0) return false;
      if (!active) (void)c.exec(shared_sql::kEndStaffSessions.pg, params(login));
      (void)append(c, audit);
      tx.commit();
      return true;
    });
  }

  bool unlock_staff(std::string_view login, const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(shared_sql::kStaffExists.pg, params(login)).empty()) return false;
      const std::string key = "staff:" + std::string(login);
      write_locked_lockout_row(c, key, lockout::cleared(lock_lockout_row(c, key), /*lift_permanent=*/true));
      (void)append(c, audit);
      tx.commit();
      return true;
    });
  }

  ports::ApplyResult apply(const ports::MemberChange& ch, const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (ch.code) (void)c.exec(sql::kLockIssuer, params(ch.nir13));  // as issue_code: one issuer per NIR at a time
      auto row = c.exec(sql::kMemberState, params(ch.nir13));
      if (row.empty()) return ports::ApplyResult::not_found;
      std::optional<std::string> state;
      if (!row.is_null(0, 0)) state = row.text(0, 0);
      if (!ch.finds_expected(state)) return ports::ApplyResult::conflict;
      if (ch.unlock) {
        write_locked_lockout_row(c, ch.nir13, lockout::cleared(lock_lockout_row(c, ch.nir13), /*lift_permanent=*/true));
        clear_device_counters(c, ch.nir13, /*keep_permanent=*/false);
      }
      if (ch.reactivate) (void)c.exec(shared_sql::kReactivate.pg, params(ch.nir13, to_millis(ch.at)));
      if (ch.contact) write_contact(c, ch.nir13, *ch.contact);
      if (ch.civil_status) {
        const auto& k = *ch.civil_status;
        (void)c.exec(
            sql::kUpdateCivil,
            params(ch.nir13, or_empty(k.sex), or_empty(k.family_name), or_empty(k.given_names), or_empty(k.birth_date),
                   or_empty(k.birth_place_insee), or_empty(k.birth_place_label), or_empty(k.birth_country)));
      }
      if (ch.create_pending_account) (void)c.exec(sql::kCreatePending, params(ch.nir13, to_millis(ch.at)));
      if (ch.code) {
        const auto& k = *ch.code;
        (void)c.exec(shared_sql::kVoidOpenCodes.pg,
                     params(k.nir13, token::to_string(k.purpose), to_millis(k.created_at)));
        (void)c.exec(shared_sql::kInsertCode.pg,
                     params(k.nir13, token::to_string(k.purpose), token::to_string(k.channel), k.secret_hash,
                            to_millis(k.created_at), to_millis(k.expires_at), k.detail));
      }
      for (const auto& m : ch.mails) insert_mail(c, m, ch.at);
      for (const auto& l : ch.letters) insert_letter(c, l, ch.at);
      if (!ch.attempt_note.empty())
        (void)c.exec(shared_sql::kInsertAttemptNote.pg, params(ch.nir13, to_millis(ch.at), ch.attempt_note));
      (void)append(c, audit);
      tx.commit();
      return ports::ApplyResult::ok;
    });
  }

  std::vector<ports::MemberSummary> search_members(std::string_view family_name, std::string_view birth_date,
                                                   int limit) override {
    auto summary = [](const pg::Row& r) {
      return ports::MemberSummary{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.boolean(6)};
    };
    return select_all(sql::kSearch, summary, family_name, birth_date, limit);
  }

  staff::AuditEntry append_audit(const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      auto e = append(c, audit);
      tx.commit();
      return e;
    });
  }

  staff::ChainHead audit_head() override {
    return run([&](Conn& c) {
      auto r = c.exec(shared_sql::kHead.pg);
      if (r.empty()) throw std::runtime_error("audit_head row is missing (migration 0004 not applied?)");
      return staff::ChainHead{r.i64(0, 0), r.text(0, 1)};
    });
  }

  std::vector<staff::AuditEntry> audit_entries(std::int64_t after_seq, int limit) override {
    return select_all(shared_sql::kAuditEntries.pg, rows::audit_entry<pg::Row>, after_seq, limit);
  }

  void file_help_request(const staff::HelpRequest& h, const ports::AuditSealer* audit) override {
    run([&](Conn& c) {
      Transaction tx(c);
      (void)c.exec(shared_sql::kInsertHelp.pg,
                   params(h.reference, h.nir13, h.birth_date, h.phone, staff::to_string(h.category),
                          staff::urgency(h.category), h.text, to_millis(h.created_at), h.filed_by));
      if (audit) (void)append(c, *audit);
      tx.commit();
    });
  }

  std::vector<staff::HelpRequest> help_queue(std::optional<staff::HelpStatus> status, int limit) override {
    return select_all(sql::kHelpQueue, rows::help_request<pg::Row>,
                      status ? std::string(staff::to_string(*status)) : std::string(), limit);
  }

  std::optional<staff::HelpRequest> find_help_request(std::string_view reference) override {
    return select_first(sql::kFindHelp, rows::help_request<pg::Row>, reference);
  }

  bool claim_help_request(std::string_view reference, std::string_view login, Instant now,
                          const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      if (c.exec(shared_sql::kClaimHelp.pg, params(reference, login, to_millis(now))).affected() == 0) return false;
      (void)append(c, audit);
      tx.commit();
      return true;
    });
  }

  bool resolve_help_request(std::string_view reference, std::string_view login, bool any_claimer,
                            std::string_view outcome, staff::Reply reply, Instant now,
                            const std::optional<outbox::Mail>& mail, const std::optional<outbox::Letter>& letter,
                            const ports::AuditSealer& audit) override {
    return run([&](Conn& c) {
      Transaction tx(c);
      auto r = c.exec(sql::kResolveHelp,
                      params(reference, login, any_claimer, to_millis(now), outcome, staff::to_string(reply)));
      if (r.affected() == 0) return false;
      if (mail) insert_mail(c, *mail, now);
      if (letter) insert_letter(c, *letter, now);
      (void)append(c, audit);
      tx.commit();
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<ports::BackOfficeStore> pg_detail::make_backoffice_store(pg::Pool& pool) {
  return std::make_unique<PostgresBackOfficeStore>(pool);
}

}  // namespace mc::storage
