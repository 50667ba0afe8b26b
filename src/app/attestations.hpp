#pragma once
// The attestation de droits (SPEC §7): issued to a signed-in member as a signed PDF, checked by
// third parties with its short code or barcode payload, or posted to a locked-out member.
#include <expected>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "app/source_throttle.hpp"
#include "core/account/account.hpp"
#include "core/attestation/attestation.hpp"
#include "core/error.hpp"
#include "core/ports/fwd.hpp"

namespace mc::app {

struct AttestationDeps {
  ports::Store& store;
  ports::AttestationStore& attestations;
  ports::OutboxStore& outbox;
  ports::RateLimiter& limiter;  // per-NIR limits
  SourceThrottle& throttle;     // per-source budgets
  const attestation::Signer& signer;
  const attestation::Verifier& verifier;
  const ports::AttestationRenderer& renderer;
  const ports::Clock& clock;
  const Settings& settings;
};

struct IssuedAttestation {
  std::vector<std::uint8_t> pdf;
  std::string short_code;
  std::string payload;
};

class Attestations {
 public:
  explicit Attestations(AttestationDeps deps) : d_(deps) {}

  [[nodiscard]] std::expected<IssuedAttestation, std::string> issue_for(const std::string& nir13);
  // `code_or_payload`: the short code (XXXX-XXXX-XX) or the barcode's content. A document that is
  // not genuine is a verification (genuine = false), not an error; errors: rate_limited (with
  // details.retry_after_s), invalid_input.
  [[nodiscard]] Result<attestation::Verification> verify(const std::string& code, const std::string& payload,
                                                         const std::string& client_ip);
  // A paper attestation posted to the register's address; the same answer (the sentence to show)
  // whatever the NIR. Errors: invalid_nir (details.field = the rule), rate_limited.
  [[nodiscard]] Result<std::string> request_paper(const std::string& nir, const std::string& birth_date,
                                                  const std::string& client_ip);

  [[nodiscard]] std::expected<attestation::Rights, std::string> rights_of(const account::Member& m) const;

 private:
  AttestationDeps d_;
};

}  // namespace mc::app
