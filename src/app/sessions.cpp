#include "app/sessions.hpp"

#include <array>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/crypto.hpp"
#include "core/ports/session.hpp"
#include "core/ports/store.hpp"

namespace mc::app {
namespace {

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

}  // namespace

std::string Sessions::random_token(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  crypto_.random_bytes(bytes);
  return to_hex(bytes);
}

NewSession Sessions::open(std::string subject, std::string kind, std::string auth_method, std::string fc_id_token) {
  NewSession ns = prepare(std::move(subject), std::move(kind), std::move(auth_method), std::move(fc_id_token));
  store_.create_session(ns.session);
  return ns;
}

NewSession Sessions::prepare(std::string subject, std::string kind, std::string auth_method, std::string fc_id_token) {
  NewSession ns;
  ns.cookie_value = random_token(32);
  Instant now = clock_.now();
  ns.session = ports::Session{crypto_.sha256_hex(ns.cookie_value), std::move(subject), std::move(kind), now, now,
                              random_token(32), std::move(auth_method), std::move(fc_id_token)};
  return ns;
}

std::optional<ports::Session> Sessions::validate(const std::string& cookie_value, const SessionSettings& limits) {
  if (cookie_value.size() != 64) return std::nullopt;
  std::string id_hash = crypto_.sha256_hex(cookie_value);
  auto s = store_.find_session(id_hash);
  if (!s) return std::nullopt;
  Instant now = clock_.now();
  if (now - s->last_seen_at >= limits.idle || now - s->created_at >= limits.absolute) {
    store_.delete_session(id_hash);
    return std::nullopt;
  }
  // Touching on every request would write on every page view; a minute's precision is enough
  // for a 20-minute idle limit.
  if (now - s->last_seen_at >= minutes(1) || limits.idle < minutes(2)) {
    store_.touch_session(id_hash, now);
    s->last_seen_at = now;
  }
  return s;
}

void Sessions::close(const std::string& cookie_value) {
  if (cookie_value.empty()) return;
  store_.delete_session(crypto_.sha256_hex(cookie_value));
}

void Sessions::close_others(const ports::Session& keep) { store_.delete_sessions_of(keep.subject, keep.kind, keep.id_hash); }

void Sessions::close_all(const std::string& subject, const std::string& kind) {
  store_.delete_sessions_of(subject, kind, "");
}

}  // namespace mc::app
