#pragma once
// The letter outbox stores each letter as JSON (letter_outbox.content); one format for both
// backends, so a database moved from SQLite to PostgreSQL reads the same.
#include <functional>
#include <string>
#include <string_view>

#include "core/outbox.hpp"

namespace mc::storage {

std::string letter_to_json(const outbox::Letter& letter);
// Throws nlohmann::json::exception on text that is not such JSON (a corrupt row).
outbox::Letter letter_from_json(std::string_view json);

// Outbox bodies at rest (issue 17): the e-mail bodies and the letters' content (links, codes) are
// sealed before they are written and opened when the delivery worker claims them; both backends
// call these. The wiring installs libsodium secretbox under keys/outbox.key once at start; unset
// (adapter tests), bodies are stored as given. `open` must return rows written before sealing
// (no seal marker) unchanged, so that mails queued before the upgrade still go out.
using BodyTransform = std::function<std::string(std::string_view)>;
void set_outbox_seal(BodyTransform seal, BodyTransform open);
[[nodiscard]] std::string seal_body(std::string_view clear);
[[nodiscard]] std::string open_body(std::string_view stored);

}  // namespace mc::storage
