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

Result<staff::HelpRequest> HelpDesk::validate(const HelpInput& in) {
  auto n = nir::parse(in.nir);
  if (!n) return nir_error(in.nir, n.error());
  // The key catches a mistyped number before an advisor calls a stranger back.
  if (!n->key_given)
    return refuse(Errc::invalid_nir, "Saisissez les 15 chiffres de votre numéro de sécurité sociale, clé comprise.",
                  "nir");
  auto birth_date = account::normalize_date(in.birth_date);
  if (!birth_date)
    return refuse(Errc::invalid_input, "Saisissez votre date de naissance au format JJ/MM/AAAA.", "birth_date");
  auto phone = staff::normalize_phone(in.phone);
  if (!phone)
    return refuse(Errc::invalid_input,
                  "Saisissez un numéro de téléphone où vous joindre (10 chiffres, par exemple 06 12 34 56 78).",
                  "phone");
  auto category = staff::parse_category(in.category);
  if (!category) return refuse(Errc::invalid_input, "Choisissez l'objet de votre demande.", "category");
  std::string text = staff::trimmed(in.text);
  if (text.empty()) return refuse(Errc::invalid_input, "Décrivez votre situation en quelques mots.", "text");
  if (text.size() > staff::kMaxHelpText)
    return refuse(Errc::invalid_input, "Votre message est trop long (2 000 caractères au plus).", "text");
  staff::HelpRequest r;
  r.nir13 = n->digits13;
  r.birth_date = *birth_date;
  r.phone = *phone;
  r.category = *category;
  r.text = std::move(text);
  return r;
}

Result<HelpFiled> HelpDesk::file(const HelpInput& in, const std::string& client_ip) {
  auto v = validate(in);
  if (!v) return std::unexpected(v.error());
  auto r = *std::move(v);
  const Instant now = d_.clock.now();
  const auto source_wait = d_.throttle.spend_request(ThrottleScope::help_request, client_ip);
  if (source_wait || d_.limiter.hit("help:nir:" + r.nir13, now, hours(1)) > d_.settings.requests_per_nir_per_hour) {
    // The count is of this caller's own requests: it says nothing about the number's owner.
    ErrorDetails d;
    d.retry_after_s = source_wait.value_or(0);  // else rate_limited's own Retry-After (error_mapping.cpp)
    return fail(Errc::rate_limited,
                "Vous avez déjà envoyé plusieurs demandes. Un conseiller va vous recontacter ; "
                "vous pouvez aussi appeler le 36 46.",
                std::move(d));
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
  return HelpFiled{"Votre demande est enregistrée sous la référence " + r.reference +
                       ". Un conseiller l'examinera en tenant compte de son urgence ; il vous rappellera au numéro "
                       "indiqué ou vous répondra par e-mail ou par courrier. Notez cette référence si vous appelez "
                       "le 36 46.",
                   r.reference};
}

Result<HelpFiled> HelpDesk::file_for(const Actor& actor, const HelpInput& in, const Justification& why) {
  if (!allowed(actor, staff::Action::file_help_request)) return forbidden();
  if (auto bad = check_justification(why, true)) return std::unexpected(*bad);
  auto v = validate(in);
  if (!v) return std::unexpected(v.error());
  auto r = *std::move(v);
  r.created_at = d_.clock.now();
  r.filed_by = actor.login;
  std::array<std::uint8_t, 5> bytes{};
  d_.crypto.random_bytes(bytes);
  r.reference = staff::make_reference(bytes);
  auto details = json{{"nir13", r.nir13}, {"category", staff::to_string(r.category)}}.dump();
  auto seal = sealer(d_.crypto, draft(actor, r.created_at, "file_help_request", r.reference, staff::trimmed(why.reason),
                                      evidence_text(why), details));
  d_.bo.file_help_request(r, &seal);
  return HelpFiled{"Demande enregistrée sous la référence " + r.reference + " : donnez-la à l'assuré.", r.reference};
}

Result<std::vector<staff::HelpRequest>> HelpDesk::queue(const Actor& actor, std::optional<staff::HelpStatus> status) {
  if (!allowed(actor, staff::Action::work_help_queue)) return forbidden();
  return d_.bo.help_queue(status, 500);
}

std::optional<staff::HelpRequest> HelpDesk::find(const Actor& actor, const std::string& reference) {
  if (!allowed(actor, staff::Action::work_help_queue)) return std::nullopt;
  auto ref = staff::normalize_reference(reference);
  if (!ref) return std::nullopt;
  return d_.bo.find_help_request(*ref);
}

Result<Done> HelpDesk::claim(const Actor& actor, const std::string& reference) {
  if (!allowed(actor, staff::Action::work_help_queue)) return forbidden();
  auto ref = staff::normalize_reference(reference);
  auto request = ref ? d_.bo.find_help_request(*ref) : std::nullopt;
  if (!request) return refuse(Errc::not_found, "Aucune demande ne porte cette référence.");
  const Instant now = d_.clock.now();
  auto details = json{{"nir13", request->nir13}, {"category", staff::to_string(request->category)}}.dump();
  if (d_.bo.claim_help_request(*ref, actor.login, now,
                               sealer(d_.crypto, draft(actor, now, "claim_help_request", *ref, "prise en charge", "", details))))
    return Done{"Demande " + *ref + " prise en charge."};
  auto now_state = d_.bo.find_help_request(*ref);
  if (now_state && now_state->status == staff::HelpStatus::claimed)
    return refuse(Errc::conflict, "Cette demande est déjà prise en charge par " + now_state->claimed_by + ".");
  return refuse(Errc::conflict, "Cette demande est déjà traitée.");
}

Result<Done> HelpDesk::resolve(const Actor& actor, const std::string& reference, const std::string& outcome_text,
                               const std::string& reply_input) {
  if (!allowed(actor, staff::Action::work_help_queue)) return forbidden();
  auto ref = staff::normalize_reference(reference);
  auto request = ref ? d_.bo.find_help_request(*ref) : std::nullopt;
  if (!request) return refuse(Errc::not_found, "Aucune demande ne porte cette référence.");
  std::string text = staff::trimmed(outcome_text);
  if (text.empty()) return refuse(Errc::invalid_input, "Indiquez la suite donnée à la demande.", "outcome");
  if (text.size() > staff::kMaxHelpText)
    return refuse(Errc::invalid_input, "La réponse est trop longue (2 000 caractères au plus).", "outcome");
  auto reply = staff::parse_reply(reply_input);
  if (!reply)
    return refuse(Errc::invalid_input, "Choisissez comment l'assuré est informé : e-mail, courrier ou rappel.",
                  "reply");
  if (request->status != staff::HelpStatus::claimed)
    return refuse(Errc::conflict, request->status == staff::HelpStatus::open ? "Prenez d'abord la demande en charge."
                                                                             : "Cette demande est déjà traitée.");
  const bool supervisor = actor.role == staff::Role::superviseur && !actor.command_line;
  if (request->claimed_by != actor.login && !supervisor)
    return refuse(Errc::forbidden, "Cette demande est prise en charge par " + request->claimed_by + ".");
  std::optional<outbox::Mail> mail;
  std::optional<outbox::Letter> letter;
  if (*reply != staff::Reply::phone) {
    // Written answers go to the register's contact details, and only when the birth date typed
    // matches: a mistyped NIR must not send someone's answer to a stranger.
    auto member = d_.store.find_member(request->nir13);
    if (!member || member->entry.birth_date != request->birth_date)
      return refuse(Errc::conflict,
                    "Le numéro et la date de naissance saisis ne correspondent pas au registre : rappelez "
                    "l'assuré au numéro indiqué.",
                    "reply");
    if (*reply == staff::Reply::email) {
      if (member->entry.email.empty())
        return refuse(Errc::invalid_input,
                      "Aucune adresse e-mail n'est connue pour cet assuré : choisissez le courrier.", "reply");
      mail = help_reply_mail(member->entry, *request, text, d_.settings.base_url);
    } else {
      if (member->entry.address.empty())
        return refuse(Errc::invalid_input, "Aucune adresse postale n'est connue pour cet assuré.", "reply");
      letter = help_reply_letter(member->entry, *request, text);
    }
  }
  const Instant now = d_.clock.now();
  auto details = json{{"reply", staff::to_string(*reply)}, {"claimed_by", request->claimed_by}}.dump();
  if (!d_.bo.resolve_help_request(*ref, actor.login, supervisor, text, *reply, now, mail, letter,
                                  sealer(d_.crypto, draft(actor, now, "resolve_help_request", *ref, text, "", details))))
    return refuse(Errc::conflict, "La demande a changé entre-temps : rechargez la file.");
  switch (*reply) {
    case staff::Reply::email: return Done{"Demande traitée ; la réponse part par e-mail."};
    case staff::Reply::postal: return Done{"Demande traitée ; la réponse part par courrier."};
    case staff::Reply::phone: return Done{"Demande traitée (réponse donnée par téléphone)."};
  }
  return Done{"Demande traitée."};
}

}  // namespace mc::app::backoffice
