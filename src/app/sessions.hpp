#pragma once
// Server-side sessions: a random id in a cookie, only its hash stored (SPEC §4).
#include <optional>
#include <string>

#include "app/settings.hpp"
#include "core/ports/fwd.hpp"
#include "core/ports/session.hpp"

namespace mc::app {

struct NewSession {
  std::string cookie_value;  // given to the browser once, never stored
  ports::Session session;
};

class Sessions {
 public:
  Sessions(ports::Store& store, ports::Crypto& crypto, const ports::Clock& clock)
      : store_(store), crypto_(crypto), clock_(clock) {}

  NewSession open(std::string subject, std::string kind, std::string auth_method, std::string fc_id_token = {});
  // The same, not yet stored: the caller stores it in its own transaction.
  NewSession prepare(std::string subject, std::string kind, std::string auth_method, std::string fc_id_token = {});
  // Valid (and touched) session, or nothing when unknown, idle too long or too old.
  [[nodiscard]] std::optional<ports::Session> validate(const std::string& cookie_value, const SessionSettings& limits);
  void close(const std::string& cookie_value);
  // A password change ends every other session of the member.
  void close_others(const ports::Session& keep);
  void close_all(const std::string& subject, const std::string& kind);

  [[nodiscard]] std::string random_token(std::size_t bytes = 32);

 private:
  ports::Store& store_;
  ports::Crypto& crypto_;
  const ports::Clock& clock_;
};

}  // namespace mc::app
