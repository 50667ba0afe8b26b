#pragma once
// The letter outbox stores each letter as JSON (letter_outbox.content); one format for both
// backends, so a database moved from SQLite to PostgreSQL reads the same.
#include <string>
#include <string_view>

#include "core/outbox.hpp"

namespace mc::storage {

std::string letter_to_json(const outbox::Letter& letter);
// Throws nlohmann::json::exception on text that is not such JSON (a corrupt row).
outbox::Letter letter_from_json(std::string_view json);

}  // namespace mc::storage
