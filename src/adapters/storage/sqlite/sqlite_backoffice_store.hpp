#pragma once
// The SQLite BackOfficeStore port (sqlite_backoffice.cpp), over the connection pool its SqliteStore facade owns.
// Only its implementation and the facade include this header.
#include "adapters/storage/sqlite/sqlite_pool.hpp"
#include "core/ports/backoffice_store.hpp"

namespace mc::storage {

class SqliteBackOfficeStore final : public ports::BackOfficeStore, SqlitePort {
 public:
  explicit SqliteBackOfficeStore(SqlitePool& pool) : SqlitePort(pool) {}

  bool add_staff(const staff::StaffMember& member, const ports::AuditSealer& audit) override;
  std::optional<staff::StaffMember> find_staff(std::string_view login) override;
  std::vector<staff::StaffMember> list_staff() override;
  bool accept_totp_step(std::string_view login, std::int64_t step) override;
  bool set_staff_active(std::string_view login, bool active, const ports::AuditSealer& audit) override;
  bool unlock_staff(std::string_view login, const ports::AuditSealer& audit) override;
  ports::ApplyResult apply(const ports::MemberChange& change, const ports::AuditSealer& audit) override;
  std::vector<ports::MemberSummary> search_members(std::string_view family_name, std::string_view birth_date,
                                                   int limit) override;
  staff::AuditEntry append_audit(const ports::AuditSealer& audit) override;
  staff::ChainHead audit_head() override;
  std::vector<staff::AuditEntry> audit_entries(std::int64_t after_seq, int limit) override;
  void file_help_request(const staff::HelpRequest& request, const ports::AuditSealer* audit) override;
  std::vector<staff::HelpRequest> help_queue(std::optional<staff::HelpStatus> status, int limit) override;
  std::optional<staff::HelpRequest> find_help_request(std::string_view reference) override;
  bool claim_help_request(std::string_view reference, std::string_view login, Instant now,
                          const ports::AuditSealer& audit) override;
  bool resolve_help_request(std::string_view reference, std::string_view login, bool any_claimer,
                            std::string_view outcome, staff::Reply reply, Instant now,
                            const std::optional<outbox::Mail>& mail, const std::optional<outbox::Letter>& letter,
                            const ports::AuditSealer& audit) override;
};

}  // namespace mc::storage
