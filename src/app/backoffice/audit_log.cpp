#include "app/backoffice/audit_log.hpp"

#include <nlohmann/json.hpp>

#include "app/backoffice/internal.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"

namespace mc::app::backoffice {

using namespace detail;
using json = nlohmann::json;

namespace {
constexpr int kPage = 1000;
}

std::string to_jsonl(const staff::AuditEntry& e) {
  const auto& d = e.draft;
  nlohmann::ordered_json j = {{"seq", e.seq}, {"at", to_millis(d.at)},    {"actor", d.actor},       {"role", d.role},
            {"action", d.action},   {"subject", d.subject},     {"reason", d.reason},     {"evidence", d.evidence},
            {"details", d.details}, {"prev_hash", e.prev_hash}, {"hash", e.hash}};
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<AuditPage> AuditLog::recent(const Actor& actor, int limit, const std::string& subject) {
  if (!allowed(actor, staff::Action::read_audit)) return forbidden();
  AuditPage p;
  p.head = bo_.audit_head();
  if (subject.empty()) {
    p.entries = bo_.audit_entries(std::max<std::int64_t>(0, p.head.seq - limit), limit);
    return p;
  }
  // A subject's history: scan from the start (the log is read rarely and sequentially).
  std::int64_t after = 0;
  for (;;) {
    auto page = bo_.audit_entries(after, kPage);
    if (page.empty()) break;
    for (auto& e : page)
      if (e.draft.subject == subject) p.entries.push_back(std::move(e));
    after = page.back().seq;
  }
  if (static_cast<int>(p.entries.size()) > limit) p.entries.erase(p.entries.begin(), p.entries.end() - limit);
  return p;
}

ChainReport AuditLog::verify() {
  ChainReport r;
  // The head first: entries appended while the walk runs are past it and not yet covered.
  r.head = bo_.audit_head();
  staff::ChainVerifier v([this](std::string_view data) { return crypto_.sha256_hex(data); });
  std::int64_t after = 0;
  while (after < r.head.seq && !v.broken()) {
    auto page = bo_.audit_entries(after, static_cast<int>(std::min<std::int64_t>(kPage, r.head.seq - after)));
    if (page.empty()) break;
    for (const auto& e : page) v.add(e);
    after = page.back().seq;
  }
  v.finish(r.head);
  r.entries = v.count();
  r.broken = v.broken();
  return r;
}

Result<ChainReport> AuditLog::verify_as(const Actor& actor) {
  if (!allowed(actor, staff::Action::read_audit)) return forbidden();
  auto r = verify();
  auto details = json{{"intact", r.intact()}, {"entries", r.entries}};
  if (r.broken) details["first_broken"] = r.broken->seq;
  (void)bo_.append_audit(sealer(crypto_, draft(actor, clock_.now(), "audit_verify", "audit_log", "vérification", "",
                                               details.dump())));
  return r;
}

Result<Done> AuditLog::export_jsonl(const Actor& actor, const std::string& reason,
                                    const std::function<void(std::string_view)>& sink) {
  if (!allowed(actor, staff::Action::read_audit)) return forbidden();
  std::string why = staff::trimmed(reason);
  if (why.empty()) why = "export";
  (void)bo_.append_audit(sealer(crypto_, draft(actor, clock_.now(), "audit_export", "audit_log", why, "")));
  std::int64_t after = 0;
  for (;;) {
    auto page = bo_.audit_entries(after, kPage);
    if (page.empty()) break;
    for (const auto& e : page) {
      std::string line = to_jsonl(e);
      line.push_back('\n');
      sink(line);
    }
    after = page.back().seq;
  }
  return Done{};
}

}  // namespace mc::app::backoffice
