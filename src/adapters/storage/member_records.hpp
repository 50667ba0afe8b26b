#pragma once
// "Mes données" (ports::MemberRecords), one implementation for both backends: plain SELECTs of
// shared SQL (shared_sql.hpp) read by shared row mappers, over the backend's port base (SqlitePort,
// PgPort: select_all, Row, dialect). Only sqlite_member_records.cpp and postgres_member_records.cpp
// include it, each to build it over its own pool.
#include <string_view>
#include <vector>

#include "adapters/storage/shared_sql.hpp"
#include "adapters/storage/time_columns.hpp"
#include "core/ports/member_records.hpp"

namespace mc::storage {

namespace rows {

// kMailsOf.
template <class Row>
ports::MessageSent message_sent(const Row& r) {
  return {from_millis(r.i64(0)), r.text(1), r.text(2), r.text(3), opt_instant(r.opt_i64(4))};
}

// kCodesOf.
template <class Row>
ports::CodeIssued code_issued(const Row& r) {
  return {r.text(0),
          r.text(1),
          from_millis(r.i64(2)),
          from_millis(r.i64(3)),
          opt_instant(r.opt_i64(4)),
          opt_instant(r.opt_i64(5)),
          static_cast<int>(r.i64(6)),
          r.text(7)};
}

// kAttestationsOf.
template <class Row>
ports::AttestationIssued attestation_issued(const Row& r) {
  return {from_millis(r.i64(0)), r.text(1)};
}

// kSessionsOf.
template <class Row>
ports::OpenSession open_session(const Row& r) {
  return {r.text(0), r.text(1), from_millis(r.i64(2)), from_millis(r.i64(3))};
}

}  // namespace rows

template <class Port>
class MemberRecordsOver final : public ports::MemberRecords, Port {
  using Row = typename Port::Row;

 public:
  using Port::Port;

  [[nodiscard]] std::vector<ports::MessageSent> mails_of(std::string_view nir13) override {
    if (nir13.empty()) return {};
    return this->select_all(Port::dialect(shared_sql::kMailsOf), rows::message_sent<Row>, nir13);
  }

  [[nodiscard]] std::vector<ports::CodeIssued> codes_of(std::string_view nir13) override {
    return this->select_all(Port::dialect(shared_sql::kCodesOf), rows::code_issued<Row>, nir13);
  }

  [[nodiscard]] std::vector<ports::AttestationIssued> attestations_of(std::string_view nir13) override {
    return this->select_all(Port::dialect(shared_sql::kAttestationsOf), rows::attestation_issued<Row>, nir13);
  }

  [[nodiscard]] std::vector<ports::OpenSession> sessions_of(std::string_view nir13) override {
    return this->select_all(Port::dialect(shared_sql::kSessionsOf), rows::open_session<Row>, nir13);
  }
};

}  // namespace mc::storage
