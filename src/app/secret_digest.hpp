#pragma once
// How reset links and codes are stored (issue 17): HMAC-SHA-256 under a server key kept in keys/
// (secrets.key), never the secret itself. A 40-bit code stored as a plain SHA-256 falls to brute
// force from a database dump alone; under a key it does not, as long as the key is not stolen
// with it (keys/ is backed up apart from the database).
//
// Rotation (issue 19): keys/secrets.key is a key ring (`moncompte keys rotate`); its current key
// writes, its previous keys are still tried on reading until every code written under them has
// expired (`moncompte keys retire`). Lookups try the form under each key: one indexed query per key.
// Rows written before keys existed (plain SHA-256 of the same text) are read as well until they
// expire; nothing writes them.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/crypto.hpp"

namespace mc::app {

struct SecretDigest {
  using Mac = std::function<std::string(std::string_view)>;
  using Macs = std::function<std::vector<std::string>(std::string_view)>;
  Mac current;    // unset (use-case tests): plain SHA-256, the form before issue 17
  Macs previous;  // verify only: the forms under the previous keys (read at each call: SIGHUP swaps them)

  // The form stored for `text` ("link:<token>", "code:<nir13>:<code>").
  [[nodiscard]] std::string stored(const ports::Crypto& crypto, std::string_view text) const {
    return current ? current(text) : crypto.sha256_hex(text);
  }
  // Every form a row holding `text` may carry: the current key's, the previous keys', the legacy one.
  [[nodiscard]] std::vector<std::string> accepted(const ports::Crypto& crypto, std::string_view text) const {
    std::vector<std::string> out{stored(crypto, text)};
    if (previous)
      for (auto& form : previous(text)) out.push_back(std::move(form));
    if (current) out.push_back(crypto.sha256_hex(text));
    return out;
  }
};

}  // namespace mc::app
