#pragma once
// The contract every storage backend must pass. A backend registers a factory that returns a
// fresh, empty, migrated store (or nullptr to skip, e.g. no PostgreSQL server configured).
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
#include "core/ports/store.hpp"

namespace mc::contract {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<ports::Store>()> make_fresh;
  // A second, independent connection to the same database (another "process").
  std::function<std::unique_ptr<ports::Store>()> open_same;
};

std::vector<Backend>& backends();

struct Register {
  explicit Register(Backend b) { backends().push_back(std::move(b)); }
};

// One instance of a suite per registered backend, named after it (`*/postgres` selects one).
#define MC_CONTRACT_BACKENDS(prefix, Suite)                                                                    \
  INSTANTIATE_TEST_SUITE_P(prefix, Suite, ::testing::Range<std::size_t>(0, ::mc::contract::backends().size()), \
                           [](const auto& info) { return ::mc::contract::backends()[info.param].name; })

// Base of every contract suite: open(ports...) makes a fresh store of the backend (skipping the
// test when the backend is not available) and binds each port pointer to it, failing when the
// backend does not implement one.
class ContractTest : public ::testing::TestWithParam<std::size_t> {
 protected:
  [[nodiscard]] const Backend& backend() const { return backends()[GetParam()]; }

  template <class... Port>
  void open(Port*&... port) {
    const auto& be = backend();
    owner = be.make_fresh();
    if (!owner) GTEST_SKIP() << be.name << " backend not available";
    store = owner.get();
    ((port = dynamic_cast<Port*>(store)), ...);
    ASSERT_TRUE((... && (port != nullptr))) << be.name << " does not implement every port this suite tests";
  }

  std::unique_ptr<ports::Store> owner;
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
