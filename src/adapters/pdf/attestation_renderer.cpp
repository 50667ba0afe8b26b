#include "adapters/pdf/attestation_renderer.hpp"

#include <nlohmann/json.hpp>

namespace mc::pdf {

std::expected<std::vector<std::uint8_t>, std::string> PdfAttestationRenderer::render(const attestation::Rights& rights,
                                                                                     std::string_view payload,
                                                                                     std::string_view code) const {
  auto pdf = render_attestation(rights, payload, code, options_);
  if (!pdf) return std::unexpected(pdf.error());
  return std::move(pdf->bytes);
}

std::expected<Pdf, std::string> render_paper_attestation(const outbox::Letter& letter, const Letter& cover,
                                                         const RenderOptions& options) {
  if (letter.kind != "paper_attestation") return std::unexpected("no renderer for letters of kind " + letter.kind);
  auto j = nlohmann::json::parse(letter.payload_json, nullptr, false);
  if (j.is_discarded() || !j.contains("rights")) return std::unexpected("paper attestation without rights");
  const auto& r = j["rights"];
  attestation::Rights rights{r.value("nir15", ""),
                             r.value("family_name", ""),
                             r.value("given_names", ""),
                             r.value("birth_date", ""),
                             r.value("organisme_code", ""),
                             r.value("organisme_name", ""),
                             r.value("organisme_address", ""),
                             r.value("organisme_phone", ""),
                             r.value("rights_from", ""),
                             r.value("rights_to", ""),
                             r.value("css", false),
                             r.value("ald", false),
                             r.value("issue_date", "")};
  return render_attestation_letter(cover, rights, j.value("payload", ""), j.value("code", ""), options);
}

}  // namespace mc::pdf
