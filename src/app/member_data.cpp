#include "app/member_data.hpp"

#include <algorithm>

#include "app/housekeeping.hpp"
#include "core/account/account.hpp"
#include "core/attestation/attestation.hpp"
#include "core/lockout/lockout.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/code_store.hpp"
#include "core/ports/devices.hpp"
#include "core/ports/member_records.hpp"
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
    // SPEC §11 fixes "device" to recognised | unknown; a FranceConnect sign-in says so in
    // "channel", and the page names it rather than calling the member's device unknown.
    l.device = l.recognised ? "recognised" : "unknown";
    if (e.note.channel == "franceconnect") {
      l.device_fr = l.device_label.empty() ? std::string("FranceConnect") : "FranceConnect · " + l.device_label;
    } else if (l.recognised) {
      l.device_fr = l.device_label.empty() ? std::string("Appareil reconnu") : l.device_label;
    } else {
      l.device_fr = "Appareil non reconnu";
    }
    l.source = e.note.source;
    out.push_back(std::move(l));
  }
  return out;
}

json sign_in_json(const SignInLine& l, std::string (*iso)(Instant)) {
  return {{"at", iso(l.at)},
          {"result", l.result},
          {"channel", l.channel},
          {"device", l.device},
          {"device_label", l.device_label},
          {"source", l.source}};
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
  for (const auto& l : sign_ins(nir13)) history.push_back(sign_in_json(l, iso));
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
  if (d_.records) add_records(out, nir13, iso);
  return out;
}

// The messages sent, every code issued, the attestations and the open sessions (issue 17): what
// each was and when, never what made it usable (bodies with links or codes, code digests, session
// identifiers, the attestation's signature and short code).
void MemberData::add_records(json& out, const std::string& nir13, std::string (*iso)(Instant)) {
  const Instant now = d_.clock.now();
  auto opt = [iso](const std::optional<Instant>& t) { return t ? json(iso(*t)) : json(nullptr); };
  json messages = json::array();
  for (const auto& m : d_.records->mails_of(nir13))
    messages.push_back({{"channel", "email"},
                        {"kind", m.kind},
                        {"subject", m.subject},
                        {"created_at", iso(m.created_at)},
                        {"status", m.status},
                        {"done_at", opt(m.done_at)}});
  json codes = json::array();
  for (const auto& c : d_.records->codes_of(nir13)) {
    token::CodeRecord r;
    r.created_at = c.created_at;
    r.expires_at = c.expires_at;
    r.used_at = c.used_at;
    r.voided_at = c.voided_at;
    r.failed_tries = c.failed_tries;
    const char* state = "usable";
    switch (token::check(r, now)) {
      case token::Usability::usable: state = "usable"; break;
      case token::Usability::expired: state = "expired"; break;
      case token::Usability::used: state = "used"; break;
      case token::Usability::voided: state = "voided"; break;
      case token::Usability::exhausted: state = "exhausted"; break;
    }
    codes.push_back({{"purpose", c.purpose},
                     {"channel", c.channel},
                     {"created_at", iso(c.created_at)},
                     {"expires_at", iso(c.expires_at)},
                     {"used_at", opt(c.used_at)},
                     {"voided_at", opt(c.voided_at)},
                     {"failed_tries", c.failed_tries},
                     {"state", state},
                     {"detail", c.detail}});
    // A code sent by post is a letter: the letter outbox does not name its recipient, the code does.
    if (c.channel == "postal")
      messages.push_back(
          {{"channel", "postal"},
           {"kind", c.purpose == "activation" ? "activation_code" : "reset_code"},
           {"subject", c.purpose == "activation" ? "Votre code provisoire pour créer votre compte ameli"
                                                 : "Votre code provisoire pour choisir un nouveau mot de passe"},
           {"created_at", iso(c.created_at)},
           {"status", nullptr},
           {"done_at", nullptr}});
  }
  std::stable_sort(messages.begin(), messages.end(), [](const json& a, const json& b) {
    return a["created_at"].get<std::string>() > b["created_at"].get<std::string>();
  });
  json attestations = json::array();
  for (const auto& a : d_.records->attestations_of(nir13)) {
    json item = {{"issued_at", iso(a.issued_at)}};
    if (auto p = attestation::parse_payload(a.payload)) {
      item["rights_from"] = p->rights.rights_from;
      item["rights_to"] = p->rights.rights_to;
      item["organisme"] = p->rights.organisme_code;
      item["css"] = p->rights.css;
      item["ald"] = p->rights.ald;
      item["issue_date"] = p->rights.issue_date;
    }
    attestations.push_back(std::move(item));
  }
  json signed_in = json::array();
  for (const auto& s : d_.records->sessions_of(nir13))
    signed_in.push_back(
        {{"method", s.auth_method}, {"opened_at", iso(s.created_at)}, {"last_activity_at", iso(s.last_seen_at)}});
  out["messages"] = std::move(messages);
  out["codes_issued"] = std::move(codes);
  out["attestations"] = std::move(attestations);
  out["signed_in_browsers"] = std::move(signed_in);
}

}  // namespace mc::app
