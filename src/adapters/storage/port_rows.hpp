#pragma once
// Row mappers for the ports' own value types (ports::Session, ports::Device, ports::ScamReport),
// apart from rows.hpp so that the files that read register and staff rows do not depend on them.
// Same row readers and conventions as rows.hpp.
#include "adapters/storage/rows.hpp"
#include "core/ports/device.hpp"
#include "core/ports/scam_report.hpp"
#include "core/ports/session.hpp"
#include "core/report/scam_report.hpp"

namespace mc::storage::rows {

// kFindSession.
template <class Row>
ports::Session session(const Row& row) {
  return ports::Session{row.text(0), row.text(1), row.text(2), from_millis(row.i64(3)), from_millis(row.i64(4)),
                        row.text(5), row.text(6), row.text(7)};
}

// kFindDevice, kListDevices.
template <class Row>
ports::Device device(const Row& row) {
  return {row.text(0), row.text(1), row.text(2), from_millis(row.i64(3)), from_millis(row.i64(4))};
}

// scam_reports_sql::kList, kFind.
template <class Row>
ports::ScamReport scam_report(const Row& row) {
  ports::ScamReport r;
  r.id = row.i64(0);
  r.channel = row.text(1);
  r.sender = row.text(2);
  r.subject = row.text(3);
  r.text = row.text(4);
  r.verdict = row.text(5);
  r.created_at = from_millis(row.i64(6));
  if (!row.is_null(7)) r.label = report::parse_label(row.text(7));
  r.labelled_by = row.text(8);
  r.labelled_at = opt_instant(row, 9);
  return r;
}

}  // namespace mc::storage::rows
