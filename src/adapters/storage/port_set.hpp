#pragma once
// What the SQLite and PostgreSQL facades share (SqliteStore, PostgresStore): one object per
// storage port, handed out by ports::Storage's accessors. Each backend builds its port objects
// over its own connection pool and attaches them once; the objects are destroyed before the
// pool (the backend's facade resets them in its destructor).
#include <memory>

#include "core/ports/storage.hpp"

namespace mc::storage {

class PortSet : public ports::Storage {
 public:
  struct Ports {
    std::unique_ptr<ports::Store> sign_in;
    std::unique_ptr<ports::CodeStore> codes;
    std::unique_ptr<ports::OutboxStore> outbox;
    std::unique_ptr<ports::RateLimiter> limiter;
    std::unique_ptr<ports::AccountStore> accounts;
    std::unique_ptr<ports::AttestationStore> attestations;
    std::unique_ptr<ports::FranceConnectStore> franceconnect;
    std::unique_ptr<ports::BackOfficeStore> backoffice;
    std::unique_ptr<ports::RetentionStore> retention;
    std::unique_ptr<ports::DeviceStore> devices;
    std::unique_ptr<ports::SourceBudgetStore> budgets;
    std::unique_ptr<ports::RegisterLoader> register_loader;
    std::unique_ptr<ports::ScamReportStore> scam_reports;
    std::unique_ptr<ports::SignInHistory> history;
    std::unique_ptr<ports::MemberRecords> member_records;
  };

  PortSet(const PortSet&) = delete;
  PortSet& operator=(const PortSet&) = delete;
  ~PortSet() override;

  [[nodiscard]] bool ping() override;
  ports::Store& sign_in() override { return *p_.sign_in; }
  ports::CodeStore& codes() override { return *p_.codes; }
  ports::OutboxStore& outbox() override { return *p_.outbox; }
  ports::RateLimiter& limiter() override { return *p_.limiter; }
  ports::AccountStore& accounts() override { return *p_.accounts; }
  ports::AttestationStore& attestations() override { return *p_.attestations; }
  ports::FranceConnectStore& franceconnect() override { return *p_.franceconnect; }
  ports::BackOfficeStore& backoffice() override { return *p_.backoffice; }
  ports::RetentionStore& retention() override { return *p_.retention; }
  ports::DeviceStore& devices() override { return *p_.devices; }
  ports::SourceBudgetStore& budgets() override { return *p_.budgets; }
  ports::RegisterLoader& register_loader() override { return *p_.register_loader; }
  ports::ScamReportStore& scam_reports() override { return *p_.scam_reports; }
  ports::SignInHistory& history() override { return *p_.history; }
  ports::MemberRecords& member_records() override { return *p_.member_records; }

 protected:
  PortSet();
  // Every port given (throws std::logic_error otherwise: a backend provides every port).
  void attach(Ports ports);
  // Destroys the port objects (before the pool they use).
  void detach();

 private:
  Ports p_;
};

}  // namespace mc::storage
