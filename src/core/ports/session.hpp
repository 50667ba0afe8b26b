#pragma once
// A signed-in browser session (member or staff).
#include <string>

#include "core/time.hpp"

namespace mc::ports {

struct Session {
  std::string id_hash;  // SHA-256 of the cookie value; the value itself is never stored
  std::string subject;  // nir13 for members, login for staff
  std::string kind;     // "member" or "staff"
  Instant created_at{};
  Instant last_seen_at{};
  std::string csrf_token;
  std::string auth_method;             // "password", "franceconnect", "password+totp"
  std::string franceconnect_id_token;  // kept for the FranceConnect logout (id_token_hint)
};

}  // namespace mc::ports
