#include "app/member_data.hpp"

#include "app/housekeeping.hpp"
#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/sign_in_history.hpp"
#include "core/ports/store.hpp"
#include "core/token/token.hpp"

namespace mc::app {

using json = nlohmann::json;

std::string sign_in_result(std::string_view outcome) {
  if (outcome == "success") return "ok";
  if (outcome == "wrong_password") return "invalid_credentials";
  if (outcome == "refused_temporary_lock") return "temporarily_locked";
  if (outcome == "refused_permanent_lock") return "permanently_locked";
  return std::string(outcome);  // pending, inactive, other_space, link_conflict…
}

std::string sign_in_result_fr(std::string_view r) {
  if (r == "ok") return "Réussie";
  if (r == "invalid_credentials") return "Mot de passe incorrect";
  if (r == "temporarily_locked") return "Refusée : compte bloqué temporairement";
  if (r == "permanently_locked") return "Refusée : compte bloqué";
  if (r == "pending") return "Refusée : compte pas encore activé";
  if (r == "inactive") return "Refusée : compte désactivé";
  if (r == "other_space") return "Refusée : dossier géré par un autre organisme";
  return "Refusée";
}

std::vector<SignInLine> MemberData::sign_ins(const std::string& nir13) {
  std::vector<SignInLine> out;
  for (const auto& e : d_.history.sign_ins(nir13, d_.clock.now() - kSignInHistoryKept)) {
    SignInLine l;
    l.at = e.at;
    l.result = sign_in_result(e.outcome);
    l.result_fr = sign_in_result_fr(l.result);
    l.channel = e.note.channel;
    l.channel_fr = e.note.channel == "franceconnect" ? "FranceConnect" : "Mot de passe";
    l.recognised = !e.note.device_id.empty();
    l.device_label = e.device_label;
    l.source = e.note.source;
    out.push_back(std::move(l));
  }
  return out;
}

namespace {

json lock_json(const lockout::Record& r, std::string (*iso)(Instant)) {
  return {{"failures", r.failures},
          {"locked_until", r.locked_until ? json(iso(*r.locked_until)) : json(nullptr)},
          {"permanently_locked", r.permanently_locked},
          {"last_failure_at", r.last_failure_at ? json(iso(*r.last_failure_at)) : json(nullptr)}};
}

}  // namespace

json MemberData::everything(const std::string& nir13, std::string (*iso)(Instant)) {
  const Instant now = d_.clock.now();
  json out = {{"generated_at", iso(now)}, {"nir13", nir13}};
  auto member = d_.store.find_member(nir13);
  if (member) {
    const auto& e = member->entry;
    out["register_entry"] = {{"nir13", e.nir13},
                             {"sex", e.sex},
                             {"family_name", e.family_name},
                             {"given_names", e.given_names},
                             {"birth_date", e.birth_date},
                             {"birth_place_insee", e.birth_place_insee},
                             {"birth_place_label", e.birth_place_label},
                             {"birth_country", e.birth_country},
                             {"address", e.address},
                             {"postal_code", e.postal_code},
                             {"city", e.city},
                             {"email", e.email},
                             {"phone", e.phone},
                             {"organisme", e.organisme},
                             {"vitale_serial", e.vitale_serial},
                             {"iban_last7", e.iban_last7},
                             {"rights_from", e.rights_from},
                             {"rights_to", e.rights_to},
                             {"css", e.css},
                             {"ald", e.ald}};
    const auto& o = member->organisme;
    out["organisme"] = {{"code", o.code}, {"regime", o.regime}, {"name", o.name},
                        {"online_space", o.online_space}, {"phone", o.phone}, {"address", o.address}};
    if (member->account) {
      const auto& a = *member->account;
      // Never the password hash, nor the FranceConnect identifier itself (only that one is linked).
      out["account"] = {{"state", account::to_string(a.state)},
                        {"email_verified", a.email_verified},
                        {"created_at", iso(a.created_at)},
                        {"last_login_at", a.last_login_at ? json(iso(*a.last_login_at)) : json(nullptr)},
                        {"franceconnect_linked", a.franceconnect_sub.has_value() && !a.franceconnect_sub->empty()}};
      out["account_state"] = account::display_state(member->account, d_.store.read_lockout(nir13), now);
    } else {
      out["account"] = nullptr;
    }
  }
  json devices = json::array();
  for (const auto& d : d_.devices.list_devices(nir13))
    devices.push_back({{"label", d.label}, {"first_seen_at", iso(d.first_seen_at)}, {"last_seen_at", iso(d.last_seen_at)}});
  out["devices"] = std::move(devices);
  json locks = json::array();
  for (const auto& c : d_.devices.lockout_counters(nir13))
    locks.push_back({{"device", c.device ? json(c.device->label) : json("appareils non reconnus")},
                     {"lock", lock_json(c.record, iso)}});
  out["lock_counters"] = std::move(locks);
  json history = json::array();
  for (const auto& l : sign_ins(nir13))
    history.push_back({{"at", iso(l.at)},
                       {"result", l.result},
                       {"channel", l.channel},
                       {"device", l.recognised ? "recognised" : "unknown"},
                       {"device_label", l.device_label},
                       {"source", l.source}});
  out["sign_ins"] = std::move(history);
  json pending = json::array();
  if (d_.codes) {
    for (auto p : {token::Purpose::password_reset, token::Purpose::activation, token::Purpose::email_verification}) {
      auto c = d_.codes->find_open_code(nir13, p);
      if (!c || token::check(*c, now) != token::Usability::usable) continue;
      // The code's digest is a secret: only what it is for, how it was sent, and until when.
      pending.push_back({{"purpose", token::to_string(c->purpose)},
                         {"channel", token::to_string(c->channel)},
                         {"created_at", iso(c->created_at)},
                         {"expires_at", iso(c->expires_at)},
                         {"failed_tries", c->failed_tries},
                         {"detail", c->detail}});
    }
  }
  out["pending_codes"] = std::move(pending);
  json help = json::array();
  json audit = json::array();
  if (d_.backoffice) {
    for (const auto& h : d_.backoffice->help_queue(std::nullopt, 10000)) {
      if (h.nir13 != nir13) continue;
      help.push_back({{"reference", h.reference},
                      {"category", staff::to_string(h.category)},
                      {"text", h.text},
                      {"phone", h.phone},
                      {"created_at", iso(h.created_at)},
                      {"status", staff::to_string(h.status)},
                      {"resolved_at", h.resolved_at ? json(iso(*h.resolved_at)) : json(nullptr)},
                      {"outcome", h.outcome},
                      {"replied_by", h.replied_by}});
    }
    // What advisors did on the file (the audit log, read in pages).
    std::int64_t after = 0;
    for (;;) {
      auto page = d_.backoffice->audit_entries(after, 500);
      if (page.empty()) break;
      for (const auto& e : page) {
        after = e.seq;
        if (e.draft.subject != nir13) continue;
        audit.push_back({{"at", iso(e.draft.at)},
                         {"role", e.draft.role},
                         {"action", e.draft.action},
                         {"reason", e.draft.reason},
                         {"evidence", e.draft.evidence}});
      }
      if (page.size() < 500) break;
    }
  }
  out["help_requests"] = std::move(help);
  out["advisor_actions"] = std::move(audit);
  return out;
}

}  // namespace mc::app
