#pragma once
// Members report, advisors label (issue 16, item 5). A member who checked a message may report it
// with their explicit consent; it is stored masked (core/report/scam_report.hpp). Advisors with
// Action::label_scam_reports work the queue: each label and each discard is audited. Labelled
// reports are exported in the corpus format (`moncompte scam-corpus export`).
#include <optional>
#include <string>
#include <vector>

#include "app/backoffice/common.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/scam_report.hpp"

namespace mc::app::backoffice {

struct ScamReportInput {
  std::string channel;  // "sms" or "email" (anything else: "sms")
  std::string sender, subject, text;
  std::string verdict;  // the checker's verdict on this message, computed by the caller
  bool consent = false;  // the member ticked the box: nothing is stored without it
};

// A report stored: the API's "accepted" (202).
struct ScamReportFiled {
  std::string message;  // French
  std::int64_t id = 0;
};

class ScamReportDesk {
 public:
  ScamReportDesk(ports::ScamReportStore& store, ports::Crypto& crypto, const ports::Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  // Public (no sign-in): "accepted" and the report stored masked, or "invalid_input" (no
  // consent, no text), nothing stored.
  Result<ScamReportFiled> submit(const ScamReportInput& in);
  // Unlabelled reports (oldest first) or, with `labelled`, the labelled ones.
  Result<std::vector<ports::ScamReport>> queue(const Actor& actor, bool labelled, int limit = 200);
  // "scam" or "legit"; conflict when someone labelled it first.
  Result<Done> label(const Actor& actor, std::int64_t id, const std::string& label);
  Result<Done> discard(const Actor& actor, std::int64_t id, const std::string& reason);

 private:
  ports::ScamReportStore& store_;
  ports::Crypto& crypto_;
  const ports::Clock& clock_;
};

// Every labelled report as one corpus line (docs/scam-corpus.md): id "report-<id>", family
// "report-YYYY-MM", source "report", tricks [].
[[nodiscard]] std::string corpus_line(const ports::ScamReport& r);

}  // namespace mc::app::backoffice
