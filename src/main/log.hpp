#pragma once
// Structured logs: one JSON object per line (spdlog with a JSON pattern), fields as JSON.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace mc::log {

// `fields` must be a JSON object; it is merged into the line after "event".
inline std::string line(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  nlohmann::json j = fields.is_object() ? fields : nlohmann::json::object();
  std::string body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out = "\"event\":" + nlohmann::json(event).dump();
  if (body.size() > 2) out += "," + body.substr(1, body.size() - 2);
  return out;
}

inline void info(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  spdlog::info(line(event, fields));
}
inline void warn(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  spdlog::warn(line(event, fields));
}
inline void error(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  spdlog::error(line(event, fields));
}

}  // namespace mc::log
