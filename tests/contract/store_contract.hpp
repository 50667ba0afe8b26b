#pragma once
// The contract every storage backend must pass. A backend registers a factory that returns a
// fresh, empty, migrated storage (or nullptr to skip, e.g. no PostgreSQL server configured).
// Also the set-up every contract test shares: the fixture that opens a store and binds its
// ports, and the members most tests import.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/import_batch.hpp"
#include "core/ports/storage.hpp"

namespace mc::contract {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<ports::Storage>()> make_fresh;
  // A second, independent connection to the same database (another "process").
  std::function<std::unique_ptr<ports::Storage>()> open_same;
};

std::vector<Backend>& backends();

struct Register {
  explicit Register(Backend b) { backends().push_back(std::move(b)); }
};

// One instance of a suite per registered backend, named after it (`*/postgres` selects one).
#define MC_CONTRACT_BACKENDS(prefix, Suite)                                                                    \
  INSTANTIATE_TEST_SUITE_P(prefix, Suite, ::testing::Range<std::size_t>(0, ::mc::contract::backends().size()), \
                           [](const auto& info) { return ::mc::contract::backends()[info.param].name; })

// Base of every contract suite: open(ports...) makes a fresh storage of the backend (skipping the
// test when the backend is not available) and binds each port pointer to its accessor; `store`
// is its sign-in port (ports::Store).
class ContractTest : public ::testing::TestWithParam<std::size_t> {
 protected:
  [[nodiscard]] const Backend& backend() const { return backends()[GetParam()]; }

  template <class... Port>
  void open(Port*&... port) {
    const auto& be = backend();
    owner = be.make_fresh();
    if (!owner) GTEST_SKIP() << be.name << " backend not available";
    store = &owner->sign_in();
    (bind(*owner, port), ...);
  }

  // Each port of a storage, by its type: also for a second storage (backend().open_same()).
  static void bind(ports::Storage& s, ports::Store*& p) { p = &s.sign_in(); }
  static void bind(ports::Storage& s, ports::CodeStore*& p) { p = &s.codes(); }
  static void bind(ports::Storage& s, ports::OutboxStore*& p) { p = &s.outbox(); }
  static void bind(ports::Storage& s, ports::RateLimiter*& p) { p = &s.limiter(); }
  static void bind(ports::Storage& s, ports::AccountStore*& p) { p = &s.accounts(); }
  static void bind(ports::Storage& s, ports::AttestationStore*& p) { p = &s.attestations(); }
  static void bind(ports::Storage& s, ports::FranceConnectStore*& p) { p = &s.franceconnect(); }
  static void bind(ports::Storage& s, ports::BackOfficeStore*& p) { p = &s.backoffice(); }
  static void bind(ports::Storage& s, ports::RetentionStore*& p) { p = &s.retention(); }
  static void bind(ports::Storage& s, ports::DeviceStore*& p) { p = &s.devices(); }
  static void bind(ports::Storage& s, ports::SourceBudgetStore*& p) { p = &s.budgets(); }
  static void bind(ports::Storage& s, ports::RegisterLoader*& p) { p = &s.register_loader(); }
  static void bind(ports::Storage& s, ports::ScamReportStore*& p) { p = &s.scam_reports(); }
  static void bind(ports::Storage& s, ports::SignInHistory*& p) { p = &s.history(); }
  static void bind(ports::Storage& s, ports::MemberRecords*& p) { p = &s.member_records(); }

  std::unique_ptr<ports::Storage> owner;
  ports::Store* store = nullptr;
};

// What most suites import: the CPAM de Paris and Élodie MARTIN (born 1995-10-01) under each NIR
// added, the accounts given. Tests change the rows they care about after adding them.
class Members {
 public:
  Members() { batch_.organismes.push_back({"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46", ""}); }
  account::RegisterEntry& add(const std::string& nir13, const std::string& email = "elodie@example.org") {
    account::RegisterEntry r;
    r.nir13 = nir13;
    r.sex = "F";
    r.family_name = "MARTIN";
    r.given_names = "Élodie";
    r.birth_date = "1995-10-01";
    r.email = email;
    r.organisme = "CPAM-75";
    batch_.register_entries.push_back(r);
    return batch_.register_entries.back();
  }
  ports::ImportedAccount& account(const std::string& nir13, const std::string& password_hash = "hash") {
    ports::ImportedAccount a;
    a.nir13 = nir13;
    a.password_hash = password_hash;
    batch_.accounts.push_back(a);
    return batch_.accounts.back();
  }
  [[nodiscard]] const ports::ImportBatch& batch() const { return batch_; }

 private:
  ports::ImportBatch batch_;
};

// Any deterministic 64-hex function will do as the audit chain's hash: the store only carries
// what the sealer computes.
inline std::string fake_sha(std::string_view data) {
  std::string out;
  for (std::uint64_t salt = 0; salt < 4; ++salt) {
    std::uint64_t h = 1469598103934665603ULL ^ salt;
    for (unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    out += buf;
  }
  return out;
}

}  // namespace mc::contract
