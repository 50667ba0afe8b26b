#pragma once
// The attestation PDFs behind the use cases: the downloaded attestation (ports::AttestationRenderer)
// and the paper attestation the print outbox sends (the cover letter, then the attestation page).
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/pdf/render.hpp"
#include "core/outbox.hpp"
#include "core/ports/attestation_renderer.hpp"

namespace mc::pdf {

class PdfAttestationRenderer final : public ports::AttestationRenderer {
 public:
  explicit PdfAttestationRenderer(RenderOptions options) : options_(std::move(options)) {}
  std::expected<std::vector<std::uint8_t>, std::string> render(const attestation::Rights& rights,
                                                               std::string_view payload,
                                                               std::string_view code) const override;

 private:
  RenderOptions options_;
};

// A letter of kind "paper_attestation" (its payload_json holds the rights, the signed payload and
// the code): `cover` followed by the attestation page. Any other kind is an error.
std::expected<Pdf, std::string> render_paper_attestation(const outbox::Letter& letter, const Letter& cover,
                                                         const RenderOptions& options);

}  // namespace mc::pdf
