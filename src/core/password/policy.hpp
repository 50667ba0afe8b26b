#pragma once
// The password policy (ameli's since 2020, SPEC §4). Pure: the common-password list is passed in.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace mc::password {

struct Violation {
  std::string code;     // stable: too_short, too_long, missing_lowercase, …
  std::string message;  // French, for the member
};

class Policy {
 public:
  // `common` holds lower-case entries, one per password.
  explicit Policy(std::unordered_set<std::string> common) : common_(std::move(common)) {}

  // Returns every rule the candidate breaks (empty: acceptable).
  // `nir13` and `birth_date` (YYYY-MM-DD) may be empty when unknown.
  [[nodiscard]] std::vector<Violation> check(std::string_view candidate, std::string_view nir13,
                                             std::string_view birth_date) const;

  // The list compiled into the binary (data/common-passwords.txt).
  static const Policy& builtin();

 private:
  std::unordered_set<std::string> common_;
};

// The allowed special characters of the rule, as the member reads them.
inline constexpr std::string_view kSpecials = "? ! $ € £ @ & ( - + _ ) = * % / < > , . ;";

}  // namespace mc::password
