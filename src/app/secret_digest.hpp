#pragma once
// How reset links and codes are stored (issue 17): HMAC-SHA-256 under a server key kept in keys/
// (secrets.key), never the secret itself. A 40-bit code stored as a plain SHA-256 falls to brute
// force from a database dump alone; under a key it does not, as long as the key is not stolen
// with it (keys/ is backed up apart from the database).
//
// Rotation: the key in use writes; the previous key (keys/secrets.previous.key) is still tried
// on reading until every code written under it has expired. Rows written before keys existed
// (plain SHA-256 of the same text) are read as well until they expire; nothing writes them.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/crypto.hpp"

namespace mc::app {

struct SecretDigest {
  using Mac = std::function<std::string(std::string_view)>;
  Mac current;                // unset (use-case tests): plain SHA-256, the form before issue 17
  std::vector<Mac> previous;  // verify only

  // The form stored for `text` ("link:<token>", "code:<nir13>:<code>").
  [[nodiscard]] std::string stored(const ports::Crypto& crypto, std::string_view text) const {
    return current ? current(text) : crypto.sha256_hex(text);
  }
  // Every form a row holding `text` may carry: the current key's, the previous keys', the legacy one.
  [[nodiscard]] std::vector<std::string> accepted(const ports::Crypto& crypto, std::string_view text) const {
    std::vector<std::string> out{stored(crypto, text)};
    for (const auto& mac : previous) out.push_back(mac(text));
    if (current) out.push_back(crypto.sha256_hex(text));
    return out;
  }
};

}  // namespace mc::app
