#pragma once
// Reading the fields of a JSON request body: a missing field, or one of another type, reads as
// empty (the use case then answers which input is wrong).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mc::http {

// The string at `key`, or "" when absent or not a string.
[[nodiscard]] inline std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The string at `key`, or nothing when absent or not a string ("left unchanged").
[[nodiscard]] inline std::optional<std::string> opt_str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace mc::http
