#include "core/staff/help_queue.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "core/enum_names.hpp"
#include "core/token/token.hpp"

namespace mc::staff {
namespace {

// Everything the queue knows of a category. Urgency: 1 = most urgent; money the member lives on
// first, then rights being opened, then papers.
struct CategoryRow {
  Category value;
  std::string_view name, label_fr;
  int urgency;
};
constexpr CategoryRow kCategoryRows[] = {
    {Category::daily_allowances, "daily_allowances", "Indemnités journalières en attente (arrêt de travail)", 1},
    {Category::maternity, "maternity", "Grossesse ou congé maternité", 2},
    {Category::long_term_illness, "long_term_illness", "Affection de longue durée (ALD) ou soins lourds", 3},
    {Category::attestation_now, "attestation_now",
     "Attestation de droits à fournir rapidement (opticien, spécialiste, mutuelle)", 4},
    {Category::employer_document, "employer_document", "Justificatif demandé par un employeur", 5},
    {Category::other, "other", "Autre demande", 6},
};
static_assert(std::size(kCategoryRows) == kCategories.size());

constexpr EnumName<HelpStatus> kHelpStatusNames[] = {
    {HelpStatus::open, "open", "À traiter"},
    {HelpStatus::claimed, "claimed", "En cours"},
    {HelpStatus::resolved, "resolved", "Traitée"},
};

constexpr EnumName<Reply> kReplyNames[] = {{Reply::email, "email"}, {Reply::postal, "postal"}, {Reply::phone, "phone"}};

}  // namespace

std::string_view to_string(Category c) { return name_of(kCategoryRows, c, "other"); }

std::optional<Category> parse_category(std::string_view s) { return value_named(kCategoryRows, s); }

std::string_view label_fr(Category c) { return label_fr_of(kCategoryRows, c); }

int urgency(Category c) {
  const auto* row = row_of(kCategoryRows, c);
  return row ? row->urgency : 6;
}

std::string_view to_string(HelpStatus s) { return name_of(kHelpStatusNames, s, "open"); }

std::optional<HelpStatus> parse_help_status(std::string_view s) { return value_named(kHelpStatusNames, s); }

std::string_view label_fr(HelpStatus s) { return label_fr_of(kHelpStatusNames, s); }

std::string_view to_string(Reply r) { return name_of(kReplyNames, r, "phone"); }

std::optional<Reply> parse_reply(std::string_view s) { return value_named(kReplyNames, s); }

bool queue_before(const HelpRequest& a, const HelpRequest& b) {
  return std::tuple(urgency(a.category), a.created_at, a.id) < std::tuple(urgency(b.category), b.created_at, b.id);
}

void order_queue(std::vector<HelpRequest>& requests) { std::stable_sort(requests.begin(), requests.end(), queue_before); }

std::string make_reference(std::span<const std::uint8_t, 5> random) {
  auto code = token::make_code(random);
  return "AIDE-" + code.substr(0, 4) + "-" + code.substr(4);
}

std::optional<std::string> normalize_reference(std::string_view input) {
  std::string s;
  for (char c : input) {
    if (c == ' ' || c == '-') continue;
    s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (s.starts_with("AIDE")) s = s.substr(4);
  auto code = token::normalize_code(s);
  if (!code) return std::nullopt;
  return "AIDE-" + code->substr(0, 4) + "-" + code->substr(4);
}

// Not account::normalize_mobile: this is the number a locked-out member asks to be called back
// on, kept with the help request only (never written to the register's mobile column); a
// landline or a number abroad is as good for a call as a French mobile.
std::optional<std::string> normalize_phone(std::string_view input) {
  std::string out;
  int digits = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    if (c == ' ' || c == '.' || c == '-') continue;
    if (c == '+' && out.empty()) {
      out.push_back(c);
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    out.push_back(c);
    ++digits;
  }
  if (digits < 10 || digits > 15) return std::nullopt;
  return out;
}

}  // namespace mc::staff
