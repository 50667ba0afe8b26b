#pragma once
// Optional instants as the nullable BIGINT millisecond columns both backends store them in.
#include <cstdint>
#include <optional>

#include "core/time.hpp"

namespace mc::storage {

inline std::optional<std::int64_t> opt_ms(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}
inline std::optional<Instant> opt_instant(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return from_millis(*v);
}

}  // namespace mc::storage
