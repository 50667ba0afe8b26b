#include "app/attestations.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/nir/nir.hpp"
#include "core/ports/attestation_renderer.hpp"
#include "core/ports/attestation_store.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/rate_limiter.hpp"
#include "core/ports/store.hpp"

namespace mc::app {
namespace {

std::string iso_date(Instant t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::expected<attestation::Rights, std::string> Attestations::rights_of(const account::Member& m) const {
  auto n = nir::parse(m.entry.nir13);
  if (!n) return std::unexpected("invalid NIR in the register");
  attestation::Rights r;
  r.nir15 = n->with_key();
  r.family_name = m.entry.family_name;
  r.given_names = m.entry.given_names;
  r.birth_date = m.entry.birth_date;
  r.organisme_code = m.organisme.code;
  r.organisme_name = m.organisme.name;
  r.organisme_address = m.organisme.address;
  r.organisme_phone = m.organisme.phone;
  r.rights_from = m.entry.rights_from;
  r.rights_to = m.entry.rights_to;
  r.css = m.entry.css;
  r.ald = m.entry.ald;
  r.issue_date = iso_date(d_.clock.now());
  return r;
}

std::expected<IssuedAttestation, std::string> Attestations::issue_for(const std::string& nir13) {
  auto member = d_.store.find_member(nir13);
  if (!member) return std::unexpected("unknown member");
  auto rights = rights_of(*member);
  if (!rights) return std::unexpected(rights.error());
  auto payload = attestation::build_payload(*rights, d_.signer);
  if (!payload) return std::unexpected(payload.error());
  IssuedAttestation out;
  out.payload = *payload;
  out.short_code = attestation::short_code(*payload);
  d_.attestations.record_attestation(out.short_code, out.payload, nir13, d_.clock.now());
  auto pdf = d_.renderer.render(*rights, out.payload, out.short_code);
  if (!pdf) return std::unexpected(pdf.error());
  out.pdf = std::move(*pdf);
  return out;
}

Result<attestation::Verification> Attestations::verify(const std::string& code, const std::string& payload,
                                                       const std::string& client_ip) {
  if (auto wait = d_.throttle.spend_request(ThrottleScope::attestation_verify, client_ip))
    return fail(Errc::rate_limited, "Trop de vérifications depuis cette connexion. Réessayez dans une minute.",
                {.retry_after_s = *wait > 0 ? *wait : 60});
  std::string to_check = payload;
  if (to_check.empty()) {
    auto normalized = attestation::normalize_short_code(code);
    if (!normalized)
      return fail(
          Errc::invalid_input,
          "Saisissez le code de vérification de 10 caractères imprimé sur l'attestation (par exemple ABCD-EFGH-JK).");
    auto stored = d_.attestations.find_attestation_payload(*normalized);
    if (!stored) {
      attestation::Verification v;
      v.genuine = false;
      v.reason = "Aucune attestation ne correspond à ce code : ce document n'est pas authentique.";
      return v;
    }
    to_check = *stored;
  }
  return attestation::verify_payload(to_check, d_.verifier);
}

Result<std::string> Attestations::request_paper(const std::string& nir_input, const std::string& birth_date,
                                                const std::string& client_ip) {
  auto n = nir::parse(nir_input);
  if (!n)
    return fail(Errc::invalid_nir, nir::message_fr(n.error(), nir_input), {.field = std::string(nir::code(n.error()))});
  const Instant now = d_.clock.now();
  if (auto wait = d_.throttle.spend_request(ThrottleScope::paper_attestation, client_ip))
    return fail(Errc::rate_limited,
                "Trop de demandes depuis cette connexion. Réessayez plus tard, ou appelez le 36 46.",
                {.retry_after_s = *wait});  // 0: rate_limited's own Retry-After
  bool within = d_.limiter.hit("paper:nir:" + n->digits13, now, days(1)) <= 2;
  auto member = d_.store.find_member(n->digits13);
  bool sent = false;
  if (within && member && member->entry.birth_date == account::normalize_date(birth_date).value_or("") &&
      !member->entry.address.empty()) {
    auto rights = rights_of(*member);
    auto payload = rights ? attestation::build_payload(*rights, d_.signer) : std::unexpected(std::string("no rights"));
    if (payload) {
      auto code = attestation::short_code(*payload);
      d_.attestations.record_attestation(code, *payload, n->digits13, now);
      outbox::Letter l;
      l.kind = "paper_attestation";
      l.recipient_name = member->entry.given_names + " " + member->entry.family_name;
      l.address_lines = {member->entry.address};
      l.postal_code = member->entry.postal_code;
      l.city = member->entry.city;
      l.subject = "Votre attestation de droits à l'assurance maladie";
      l.paragraphs = {"Vous avez demandé l'envoi de votre attestation de droits par courrier. Vous la trouverez ci-jointe : "
                      "vous pouvez la présenter à votre opticien, à un médecin, à votre employeur ou à votre mutuelle.",
                      "Elle peut être vérifiée avec le code imprimé sur la page suivante.",
                      "Pour retrouver l'accès à votre compte en ligne, appelez le 36 46 ou rendez-vous à l'accueil de votre "
                      "caisse avec une pièce d'identité.",
                      "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées bancaires par SMS ou "
                      "par e-mail."};
      nlohmann::json j = {{"payload", *payload}, {"code", code},
                          {"rights", {{"nir15", rights->nir15}, {"family_name", rights->family_name},
                                      {"given_names", rights->given_names}, {"birth_date", rights->birth_date},
                                      {"organisme_code", rights->organisme_code}, {"organisme_name", rights->organisme_name},
                                      {"organisme_address", rights->organisme_address}, {"organisme_phone", rights->organisme_phone},
                                      {"rights_from", rights->rights_from}, {"rights_to", rights->rights_to},
                                      {"css", rights->css}, {"ald", rights->ald}, {"issue_date", rights->issue_date}}}};
      l.payload_json = j.dump();
      d_.outbox.enqueue_letter(l, now);
      sent = true;
    }
  }
  if (!sent) (void)d_.limiter.hit("paper:nomatch", now, minutes(1));  // same number of commits either way
  return std::string(
      "Si les informations saisies correspondent à un assuré, votre attestation de droits sera envoyée par courrier à "
      "l'adresse connue de votre caisse, sous quelques jours.");
}

}  // namespace mc::app
