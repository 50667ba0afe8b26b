#include "core/staff/help_queue.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "core/enum_names.hpp"
#include "core/token/token.hpp"

namespace mc::staff {
namespace {

constexpr EnumName<Category> kCategoryNames[] = {
    {Category::daily_allowances, "daily_allowances"},   {Category::maternity, "maternity"},
    {Category::long_term_illness, "long_term_illness"}, {Category::attestation_now, "attestation_now"},
    {Category::employer_document, "employer_document"}, {Category::other, "other"}};
static_assert(std::size(kCategoryNames) == kCategories.size());

constexpr EnumName<HelpStatus> kHelpStatusNames[] = {
    {HelpStatus::open, "open"}, {HelpStatus::claimed, "claimed"}, {HelpStatus::resolved, "resolved"}};

constexpr EnumName<Reply> kReplyNames[] = {{Reply::email, "email"}, {Reply::postal, "postal"}, {Reply::phone, "phone"}};

}  // namespace

std::string_view to_string(Category c) { return name_of(kCategoryNames, c, "other"); }

std::optional<Category> parse_category(std::string_view s) { return value_named(kCategoryNames, s); }

std::string_view label_fr(Category c) {
  switch (c) {
    case Category::daily_allowances: return "Indemnités journalières en attente (arrêt de travail)";
    case Category::maternity: return "Grossesse ou congé maternité";
    case Category::long_term_illness: return "Affection de longue durée (ALD) ou soins lourds";
    case Category::attestation_now: return "Attestation de droits à fournir rapidement (opticien, spécialiste, mutuelle)";
    case Category::employer_document: return "Justificatif demandé par un employeur";
    case Category::other: return "Autre demande";
  }
  return "";
}

int urgency(Category c) {
  switch (c) {
    case Category::daily_allowances: return 1;
    case Category::maternity: return 2;
    case Category::long_term_illness: return 3;
    case Category::attestation_now: return 4;
    case Category::employer_document: return 5;
    case Category::other: return 6;
  }
  return 6;
}

std::string_view to_string(HelpStatus s) { return name_of(kHelpStatusNames, s, "open"); }

std::optional<HelpStatus> parse_help_status(std::string_view s) { return value_named(kHelpStatusNames, s); }

std::string_view label_fr(HelpStatus s) {
  switch (s) {
    case HelpStatus::open: return "À traiter";
    case HelpStatus::claimed: return "En cours";
    case HelpStatus::resolved: return "Traitée";
  }
  return "";
}

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
