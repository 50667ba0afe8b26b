#pragma once
// PostgreSQL storage for several stateless `moncompte serve` processes sharing one database.
// Same port, same numbered migrations as SQLite (migrations/postgres/). Every method is one
// transaction at READ COMMITTED; read-modify-write takes the row lock (SELECT … FOR UPDATE), so
// no update is lost across processes. Serialization failures and deadlocks are retried a few
// times; an unreachable server is StorageError (503), and the pool reconnects by itself.
#include <memory>
#include <string>

#include "adapters/storage/postgres/pg_pool.hpp"
#include "core/ports/account_store.hpp"
#include "core/ports/attestation_store.hpp"
#include "core/ports/audit_sealer.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/franceconnect_store.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/member_records.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/register_loader.hpp"
#include "core/ports/retention_store.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/ports/session.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/source_budgets.hpp"
#include "core/ports/store.hpp"

namespace mc::storage {

class PostgresStore final : public ports::Store,
                            public ports::CodeStore,
                            public ports::OutboxStore,
                            public ports::RateLimiter,
                            public ports::AccountStore,
                            public ports::FranceConnectStore,
                            public ports::BackOfficeStore,
                            public ports::AttestationStore,
                            public ports::RetentionStore,
                            public ports::DeviceStore,
                            public ports::SourceBudgetStore,
                            public ports::RegisterLoader,
                            public ports::ScamReportStore,
                            public ports::SignInHistory,
                            public ports::MemberRecords {
 public:
  // `url` is a libpq URL (postgresql://user:pass@host:port/db?…). Connects and migrates; throws
  // StorageError when the server cannot be reached, std::runtime_error on a bad URL.
  // options.acquire_timeout (storage.wait_ms) also bounds connect, statement and lock waits.
  explicit PostgresStore(const std::string& url, pg::PoolOptions options = {});
  ~PostgresStore() override;

  bool ping() override;
  void import_batch(const ports::ImportBatch& batch, Instant now) override;
  // RegisterLoader (postgres_import.cpp)
  std::unique_ptr<ports::RegisterLoad> begin_register_load(std::size_t batch_rows) override;
  std::optional<account::Member> find_member(std::string_view nir13) override;
  std::vector<account::Organisme> list_organismes() override;
  lockout::Record read_lockout(std::string_view nir13) override;
  lockout::Record update_lockout(std::string_view nir13,
                                 const std::function<lockout::Record(const lockout::Record&)>& change) override;
  std::int64_t reserve_attempt(std::string_view nir13, std::string_view counter, Instant at, std::string_view client_ip,
                               const std::function<Decision(const lockout::Record&)>& decide) override;
  void settle_attempt(std::int64_t attempt_id, std::string_view nir13, std::string_view counter,
                      const std::function<lockout::Record(const lockout::Record&)>& after, std::string_view outcome,
                      const std::optional<SignIn>& sign_in) override;
  void confirm_lock(std::string_view counter, Instant now, const std::optional<outbox::Mail>& notice) override;
  void record_attempt(std::string_view nir13, Instant at, std::string_view outcome, std::string_view client_ip) override;
  std::vector<ports::AttemptLogEntry> recent_attempts(std::string_view nir13, int limit) override;
  void mark_signed_in(std::string_view nir13, Instant at, const std::optional<std::string>& new_hash) override;
  void set_account_state(std::string_view nir13, account::State state) override;
  void create_session(const ports::Session& s) override;
  std::optional<ports::Session> find_session(std::string_view id_hash) override;
  void touch_session(std::string_view id_hash, Instant at) override;
  void delete_session(std::string_view id_hash) override;
  void delete_sessions_of(std::string_view subject, std::string_view kind, std::string_view except_id_hash) override;

  // CodeStore
  std::int64_t issue_code(const token::CodeRecord& code, bool create_pending_account,
                          const std::optional<outbox::Mail>& mail, const std::optional<outbox::Letter>& letter) override;
  std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) override;
  std::optional<token::CodeRecord> find_open_code(std::string_view nir13, token::Purpose purpose) override;
  int record_code_failure(std::int64_t id) override;
  ports::RedeemResult redeem(std::int64_t code_id, Instant now, const ports::CredentialChange& change) override;

  // OutboxStore
  void enqueue_mail(const outbox::Mail& mail, Instant now) override;
  void enqueue_letter(const outbox::Letter& letter, Instant now) override;
  std::optional<outbox::PendingMail> claim_mail(Instant now, Duration lease) override;
  std::optional<outbox::PendingLetter> claim_letter(Instant now, Duration lease) override;
  void mail_done(std::int64_t id, Instant now) override;
  void letter_done(std::int64_t id, Instant now, const std::string& file_name) override;
  void mail_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override;
  void letter_failed(std::int64_t id, const std::string& error, Instant retry_at, bool give_up) override;
  Counts mail_counts() override;
  Counts letter_counts() override;

  // RateLimiter
  int hit(std::string_view key, Instant now, Duration window) override;

  // AccountStore
  bool update(const ports::AccountChange& change) override;
  int deactivate_idle(Instant cutoff) override;
  std::vector<std::string> take_inactivity_warnings(Instant warn_cutoff, Instant now) override;

  // FranceConnectStore (postgres_franceconnect.cpp)
  void create_fc_flow(const ports::FranceConnectFlow& flow) override;
  std::optional<ports::FranceConnectFlow> consume_fc_flow(std::string_view id_hash, Instant now) override;
  std::vector<account::RegisterEntry> register_entries_born_on(std::string_view birth_date) override;
  std::optional<std::string> find_nir_by_franceconnect_sub(std::string_view sub) override;
  bool link_franceconnect_sub(std::string_view nir13, std::string_view sub, Instant at) override;

  // BackOfficeStore (postgres_backoffice.cpp)
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

  [[nodiscard]] pg::Pool::Stats pool_stats() { return pool_.stats(); }

  // SignInHistory
  void record_sign_in(std::string_view nir13, Instant at, std::string_view outcome,
                      const ports::SignInNote& note) override;
  [[nodiscard]] std::vector<ports::SignInEvent> sign_ins(std::string_view nir13, Instant since) override;

  // MemberRecords (*_member_records.cpp)
  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override;
  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override;

  // RetentionStore
  ports::Purged purge(const ports::RetentionCutoffs& cutoffs) override;

  // ScamReportStore (postgres_scam_reports.cpp)
  std::int64_t add_scam_report(const ports::ScamReport& report) override;
  std::vector<ports::ScamReport> scam_reports(bool labelled, std::int64_t after_id, int limit) override;
  std::optional<ports::ScamReport> find_scam_report(std::int64_t id) override;
  bool label_scam_report(std::int64_t id, report::Label label, std::string_view login, Instant now,
                         const ports::AuditSealer& audit) override;
  bool discard_scam_report(std::int64_t id, const ports::AuditSealer& audit) override;

  // AttestationStore
  void record_attestation(std::string_view short_code, std::string_view payload, std::string_view nir13,
                          Instant at) override;
  std::optional<std::string> find_attestation_payload(std::string_view short_code) override;

 private:
  // Runs `work` on a pooled connection; reruns it (a fresh transaction) after a serialization
  // failure or deadlock, at most kAttempts times in all.
  // DeviceStore, SourceBudgetStore (postgres_devices.cpp)
  std::optional<ports::Device> find_device(std::string_view nir13, std::string_view id) override;
  std::vector<ports::Device> list_devices(std::string_view nir13) override;
  void remember_device(const ports::Device& device) override;
  bool remove_device(std::string_view nir13, std::string_view id) override;
  std::vector<Counter> lockout_counters(std::string_view nir13) override;
  throttle::Bucket read_budget(std::string_view key) override;
  throttle::Take spend_budget(std::string_view key, Instant now,
                              const std::function<throttle::Take(const throttle::Bucket&)>& take) override;
  std::vector<Throttled> throttled_sources(Instant since, int limit) override;
  void record_refusal(std::string_view key, Instant at) override;

  template <class F>
  auto run(F&& work);

  pg::Pool pool_;
};

}  // namespace mc::storage
