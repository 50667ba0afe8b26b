#pragma once
// The member's own data (issue 17 item 5, RGPD right of access): the sign-in history of the
// last 90 days as the account page and GET /api/v1/me/sign-ins show it, and everything held
// about the member as one JSON document (GET /api/v1/me/data, "Mes données"). Never a secret:
// no password hash, no code or token digest, no session, no key, no FranceConnect id token.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/fwd.hpp"
#include "core/time.hpp"

namespace mc::app {

struct SignInLine {
  Instant at{};
  std::string result;      // SPEC §11: "ok", "invalid_credentials", "temporarily_locked"…
  std::string result_fr;   // "Réussie", "Mot de passe incorrect", "Compte bloqué"…
  std::string channel;     // "password" | "franceconnect"
  std::string channel_fr;  // "Mot de passe" | "FranceConnect"
  bool recognised = false;
  // SPEC §11 "device": "recognised" | "unknown" (a FranceConnect sign-in is told by `channel`).
  std::string device;
  std::string device_fr;     // "FranceConnect", the device's label, "Appareil reconnu" or "Appareil non reconnu"
  std::string device_label;  // when recognised and still registered
  std::string source;        // masked: /24 or /48
};

// The attempt log's outcome ("success", "wrong_password", "refused_temporary_lock"…) as the
// API's result code (the login API's codes, "ok" for a success).
[[nodiscard]] std::string sign_in_result(std::string_view outcome);
[[nodiscard]] std::string sign_in_result_fr(std::string_view result);
// One sign-in as the API and the data export give it (SPEC §11); `iso` formats an instant.
[[nodiscard]] nlohmann::json sign_in_json(const SignInLine& l, std::string (*iso)(Instant));

struct MemberDataDeps {
  ports::Store& store;
  ports::DeviceStore& devices;
  ports::SignInHistory& history;
  ports::CodeStore* codes = nullptr;        // pending recovery items
  ports::BackOfficeStore* backoffice = nullptr;  // help requests, audit entries about the member
  const ports::Clock& clock;
  ports::MemberRecords* records = nullptr;  // messages sent, codes issued, attestations, sessions
};

class MemberData {
 public:
  explicit MemberData(MemberDataDeps deps) : d_(deps) {}

  // Newest first, the last 90 days (housekeeping removes older rows).
  [[nodiscard]] std::vector<SignInLine> sign_ins(const std::string& nir13);
  // Everything held about the member, times in ISO 8601 UTC. `iso` formats an instant.
  [[nodiscard]] nlohmann::json everything(const std::string& nir13, std::string (*iso)(Instant));

 private:
  void add_records(nlohmann::json& out, const std::string& nir13, std::string (*iso)(Instant));
  MemberDataDeps d_;
};

}  // namespace mc::app
