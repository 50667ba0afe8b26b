#pragma once
// The help queue (SPEC §6): requests filed by members, even locked out and without signing in,
// worked by advisors in order of urgency — the seed's "ce qui est réellement urgent": daily
// allowances pending, maternity, long-term illness, an attestation needed now or an employer's
// justificatif — then by age.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace mc::staff {

enum class Category {
  daily_allowances,   // indemnités journalières en attente (arrêt de travail)
  maternity,          // grossesse, congé maternité
  long_term_illness,  // affection de longue durée (ALD), soins lourds
  attestation_now,    // attestation de droits pour un opticien, un spécialiste, une mutuelle
  employer_document,  // justificatif pour un employeur
  other,
};
inline constexpr std::array kCategories = {Category::daily_allowances, Category::maternity,
                                           Category::long_term_illness, Category::attestation_now,
                                           Category::employer_document, Category::other};

[[nodiscard]] std::string_view to_string(Category c);
[[nodiscard]] std::optional<Category> parse_category(std::string_view s);
[[nodiscard]] std::string_view label_fr(Category c);
// 1 = most urgent. Money the member lives on first, then rights being opened, then papers.
[[nodiscard]] int urgency(Category c);

enum class HelpStatus { open, claimed, resolved };
[[nodiscard]] std::string_view to_string(HelpStatus s);
[[nodiscard]] std::optional<HelpStatus> parse_help_status(std::string_view s);
[[nodiscard]] std::string_view label_fr(HelpStatus s);

// How the member is told of the outcome: an e-mail or a letter to the register's contact
// details, or the advisor's call back to the number given (the only way when the register does
// not know the NIR that was typed).
enum class Reply { email, postal, phone };
[[nodiscard]] std::string_view to_string(Reply r);
[[nodiscard]] std::optional<Reply> parse_reply(std::string_view s);

struct HelpRequest {
  std::int64_t id = 0;
  std::string reference;  // "AIDE-XXXX-XXXX", given to the member
  std::string nir13;      // as filed (the register may not know it)
  std::string birth_date;
  std::string phone;
  Category category = Category::other;
  std::string text;
  Instant created_at{};
  std::string filed_by;  // "" for the member, else the staff login
  HelpStatus status = HelpStatus::open;
  std::string claimed_by;
  std::optional<Instant> claimed_at;
  std::optional<Instant> resolved_at;
  std::string outcome;
  std::string replied_by;  // "email" / "postal" / "phone" once resolved
};

// Queue order: urgency, then age (older first), then id.
[[nodiscard]] bool queue_before(const HelpRequest& a, const HelpRequest& b);
void order_queue(std::vector<HelpRequest>& requests);

// 5 random bytes → "AIDE-ABCD-EFGH" (the code alphabet: nothing to misread on the phone).
[[nodiscard]] std::string make_reference(std::span<const std::uint8_t, 5> random);
// "aide-abcd-efgh", "ABCDEFGH" → "AIDE-ABCD-EFGH"; nullopt when it cannot be one.
[[nodiscard]] std::optional<std::string> normalize_reference(std::string_view input);

// Limits on what a member types, so that a form cannot fill the database.
inline constexpr std::size_t kMaxHelpText = 2000;
inline constexpr std::size_t kMaxPhone = 20;
// Digits, spaces, dots, dashes and a leading + only; 10 to 15 digits.
[[nodiscard]] std::optional<std::string> normalize_phone(std::string_view input);

}  // namespace mc::staff
