#include "app/backoffice/help_desk.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "app/backoffice/internal.hpp"
#include "app/backoffice/replies.hpp"
#include "core/error.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/store.hpp"

namespace mc::app::backoffice {

using namespace detail;
using json = nlohmann::json;

std::variant<staff::HelpRequest, Outcome> HelpDesk::validate(const HelpInput& in) {
  auto n = nir::parse(in.nir);
  if (!n) {
    auto o = outcome("invalid_nir", nir::message_fr(n.error(), in.nir), "nir");
    o.problems.push_back(std::string(nir::code(n.error())));
    return o;
  }
  // The key catches a mistyped number before an advisor calls a stranger back.
  if (!n->key_given)
    return outcome("invalid_nir", "Saisissez les 15 chiffres de votre numéro de sécurité sociale, clé comprise.", "nir");
  auto birth_date = account::normalize_date(in.birth_date);
  if (!birth_date) return outcome("invalid_input", "Saisissez votre date de naissance au format JJ/MM/AAAA.", "birth_date");
  auto phone = staff::normalize_phone(in.phone);
  if (!phone)
    return outcome("invalid_input", "Saisissez un numéro de téléphone où vous joindre (10 chiffres, par exemple 06 12 34 56 78).",
                   "phone");
  auto category = staff::parse_category(in.category);
  if (!category) return outcome("invalid_input", "Choisissez l'objet de votre demande.", "category");
  std::string text = staff::trimmed(in.text);
  if (text.empty()) return outcome("invalid_input", "Décrivez votre situation en quelques mots.", "text");
  if (text.size() > staff::kMaxHelpText)
    return outcome("invalid_input", "Votre message est trop long (2 000 caractères au plus).", "text");
  staff::HelpRequest r;
  r.nir13 = n->digits13;
  r.birth_date = *birth_date;
  r.phone = *phone;
  r.category = *category;
  r.text = std::move(text);
  return r;
}

HelpFiled HelpDesk::file(const HelpInput& in, const std::string& client_ip) {
  auto v = validate(in);
  if (auto* bad = std::get_if<Outcome>(&v)) return as<HelpFiled>(*bad);
  auto r = std::get<staff::HelpRequest>(std::move(v));
  const Instant now = d_.clock.now();
  const auto source_wait = d_.throttle.spend_request(ThrottleScope::help_request, client_ip);
  if (source_wait || d_.limiter.hit("help:nir:" + r.nir13, now, hours(1)) > d_.settings.requests_per_nir_per_hour) {
    // The count is of this caller's own requests: it says nothing about the number's owner.
    auto o = outcome("rate_limited", "Vous avez déjà envoyé plusieurs demandes. Un conseiller va vous recontacter ; "
                                     "vous pouvez aussi appeler le 36 46.");
    o.retry_after_s = source_wait.value_or(3600);
    return as<HelpFiled>(o);
  }
  r.created_at = now;
  for (int attempt = 0;; ++attempt) {
    std::array<std::uint8_t, 5> bytes{};
    d_.crypto.random_bytes(bytes);
    r.reference = staff::make_reference(bytes);
    try {
      d_.bo.file_help_request(r, nullptr);
      break;
    } catch (const StorageError&) {
      throw;  // the database is unavailable: another reference would not help (503 at the edge)
    } catch (const std::runtime_error&) {
      if (attempt >= 2) throw;  // a reference taken (one in 2^40): draw another
    }
  }
  HelpFiled out;
  out.kind = "accepted";
  out.reference = r.reference;
  out.message = "Votre demande est enregistrée sous la référence " + r.reference +
                ". Un conseiller l'examinera en tenant compte de son urgence ; il vous rappellera au numéro indiqué ou "
                "vous répondra par e-mail ou par courrier. Notez cette référence si vous appelez le 36 46.";
  return out;
}

HelpFiled HelpDesk::file_for(const Actor& actor, const HelpInput& in, const Justification& why) {
  if (!allowed(actor, staff::Action::file_help_request)) return as<HelpFiled>(forbidden());
  if (auto bad = check_justification(why, true)) return as<HelpFiled>(*bad);
  auto v = validate(in);
  if (auto* bad = std::get_if<Outcome>(&v)) return as<HelpFiled>(*bad);
  auto r = std::get<staff::HelpRequest>(std::move(v));
  r.created_at = d_.clock.now();
  r.filed_by = actor.login;
  std::array<std::uint8_t, 5> bytes{};
  d_.crypto.random_bytes(bytes);
  r.reference = staff::make_reference(bytes);
  auto details = json{{"nir13", r.nir13}, {"category", staff::to_string(r.category)}}.dump();
  auto seal = sealer(d_.crypto, draft(actor, r.created_at, "file_help_request", r.reference, staff::trimmed(why.reason),
                                      evidence_text(why), details));
  d_.bo.file_help_request(r, &seal);
  HelpFiled out;
  out.kind = "accepted";
  out.reference = r.reference;
  out.message = "Demande enregistrée sous la référence " + r.reference + " : donnez-la à l'assuré.";
  return out;
}

HelpQueueView HelpDesk::queue(const Actor& actor, std::optional<staff::HelpStatus> status) {
  if (!allowed(actor, staff::Action::work_help_queue)) return as<HelpQueueView>(forbidden());
  HelpQueueView v;
  v.requests = d_.bo.help_queue(status, 500);
  return v;
}

std::optional<staff::HelpRequest> HelpDesk::find(const Actor& actor, const std::string& reference) {
  if (!allowed(actor, staff::Action::work_help_queue)) return std::nullopt;
  auto ref = staff::normalize_reference(reference);
  if (!ref) return std::nullopt;
  return d_.bo.find_help_request(*ref);
}

Outcome HelpDesk::claim(const Actor& actor, const std::string& reference) {
  if (!allowed(actor, staff::Action::work_help_queue)) return forbidden();
  auto ref = staff::normalize_reference(reference);
  auto request = ref ? d_.bo.find_help_request(*ref) : std::nullopt;
  if (!request) return outcome("not_found", "Aucune demande ne porte cette référence.");
  const Instant now = d_.clock.now();
  auto details = json{{"nir13", request->nir13}, {"category", staff::to_string(request->category)}}.dump();
  if (d_.bo.claim_help_request(*ref, actor.login, now,
                               sealer(d_.crypto, draft(actor, now, "claim_help_request", *ref, "prise en charge", "", details))))
    return outcome("ok", "Demande " + *ref + " prise en charge.");
  auto now_state = d_.bo.find_help_request(*ref);
  if (now_state && now_state->status == staff::HelpStatus::claimed)
    return outcome("conflict", "Cette demande est déjà prise en charge par " + now_state->claimed_by + ".");
  return outcome("conflict", "Cette demande est déjà traitée.");
}

Outcome HelpDesk::resolve(const Actor& actor, const std::string& reference, const std::string& outcome_text,
                          const std::string& reply_input) {
  if (!allowed(actor, staff::Action::work_help_queue)) return forbidden();
  auto ref = staff::normalize_reference(reference);
  auto request = ref ? d_.bo.find_help_request(*ref) : std::nullopt;
  if (!request) return outcome("not_found", "Aucune demande ne porte cette référence.");
  std::string text = staff::trimmed(outcome_text);
  if (text.empty()) return outcome("invalid_input", "Indiquez la suite donnée à la demande.", "outcome");
  if (text.size() > staff::kMaxHelpText) return outcome("invalid_input", "La réponse est trop longue (2 000 caractères au plus).", "outcome");
  auto reply = staff::parse_reply(reply_input);
  if (!reply) return outcome("invalid_input", "Choisissez comment l'assuré est informé : e-mail, courrier ou rappel.", "reply");
  if (request->status != staff::HelpStatus::claimed)
    return outcome("conflict", request->status == staff::HelpStatus::open ? "Prenez d'abord la demande en charge."
                                                                          : "Cette demande est déjà traitée.");
  const bool supervisor = actor.role == staff::Role::superviseur && !actor.command_line;
  if (request->claimed_by != actor.login && !supervisor)
    return outcome("forbidden", "Cette demande est prise en charge par " + request->claimed_by + ".");
  std::optional<outbox::Mail> mail;
  std::optional<outbox::Letter> letter;
  if (*reply != staff::Reply::phone) {
    // Written answers go to the register's contact details, and only when the birth date typed
    // matches: a mistyped NIR must not send someone's answer to a stranger.
    auto member = d_.store.find_member(request->nir13);
    if (!member || member->entry.birth_date != request->birth_date)
      return outcome("conflict", "Le numéro et la date de naissance saisis ne correspondent pas au registre : rappelez "
                                 "l'assuré au numéro indiqué.", "reply");
    if (*reply == staff::Reply::email) {
      if (member->entry.email.empty())
        return outcome("invalid_input", "Aucune adresse e-mail n'est connue pour cet assuré : choisissez le courrier.", "reply");
      mail = help_reply_mail(member->entry, *request, text, d_.settings.base_url);
    } else {
      if (member->entry.address.empty())
        return outcome("invalid_input", "Aucune adresse postale n'est connue pour cet assuré.", "reply");
      letter = help_reply_letter(member->entry, *request, text);
    }
  }
  const Instant now = d_.clock.now();
  auto details = json{{"reply", staff::to_string(*reply)}, {"claimed_by", request->claimed_by}}.dump();
  if (!d_.bo.resolve_help_request(*ref, actor.login, supervisor, text, *reply, now, mail, letter,
                                  sealer(d_.crypto, draft(actor, now, "resolve_help_request", *ref, text, "", details))))
    return outcome("conflict", "La demande a changé entre-temps : rechargez la file.");
  switch (*reply) {
    case staff::Reply::email: return outcome("ok", "Demande traitée ; la réponse part par e-mail.");
    case staff::Reply::postal: return outcome("ok", "Demande traitée ; la réponse part par courrier.");
    case staff::Reply::phone: return outcome("ok", "Demande traitée (réponse donnée par téléphone).");
  }
  return outcome("ok", "Demande traitée.");
}

}  // namespace mc::app::backoffice
