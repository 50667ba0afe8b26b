#include "adapters/storage/letter_json.hpp"

#include <nlohmann/json.hpp>

namespace mc::storage {

namespace {
// Set once at start, before any request or worker thread runs; read-only afterwards.
BodyTransform g_seal;
BodyTransform g_open;
}  // namespace

void set_outbox_seal(BodyTransform seal, BodyTransform open) {
  g_seal = std::move(seal);
  g_open = std::move(open);
}

std::string seal_body(std::string_view clear) {
  if (!g_seal || clear.empty()) return std::string(clear);
  return g_seal(clear);
}

std::string open_body(std::string_view stored) { return g_open ? g_open(stored) : std::string(stored); }

std::string letter_to_json(const outbox::Letter& l) {
  return seal_body(nlohmann::json{{"kind", l.kind},
                        {"recipient_name", l.recipient_name},
                        {"address_lines", l.address_lines},
                        {"postal_code", l.postal_code},
                        {"city", l.city},
                        {"subject", l.subject},
                        {"paragraphs", l.paragraphs},
                        {"code", l.code},
                        {"payload_json", l.payload_json}}
                       .dump());
}

outbox::Letter letter_from_json(std::string_view s) {
  auto j = nlohmann::json::parse(open_body(s));
  outbox::Letter l;
  l.kind = j.value("kind", "");
  l.recipient_name = j.value("recipient_name", "");
  l.address_lines = j.value("address_lines", std::vector<std::string>{});
  l.postal_code = j.value("postal_code", "");
  l.city = j.value("city", "");
  l.subject = j.value("subject", "");
  l.paragraphs = j.value("paragraphs", std::vector<std::string>{});
  l.code = j.value("code", "");
  l.payload_json = j.value("payload_json", "");
  return l;
}

}  // namespace mc::storage
