#pragma once
// A member's contact details as they are changed (by the member signed in, or by an advisor),
// and the one stored form of a mobile number.
#include <optional>
#include <string>
#include <string_view>

namespace mc::account {

// Contact details a signed-in member or an advisor changes (only the fields set are written).
// `phone` is always in normalize_mobile's form.
struct ContactChange {
  std::optional<std::string> email, phone, address, postal_code, city;
};

// The one stored form of a mobile number: E.164 ("+33612345678"). Accepted input: a French
// mobile (06/07) written nationally ("06 12 34 56 78", dots, dashes, spaces), with +33 or 0033,
// and the overseas departments' mobiles, stored with their own country code (the number a phone
// abroad or an SMS gateway dials): 0639 and 0692/0693 → +262 (Mayotte, La Réunion), 0690/0691
// → +590 (Guadeloupe, Saint-Martin, Saint-Barthélemy), 0694 → +594 (Guyane), 0696/0697 → +596
// (Martinique), also accepted typed as +262/+590/+594/+596 (or 00…) followed by their 9 digits,
// or as +33 6 9x. Anything else (a landline, a foreign number, too few digits) is nullopt.
[[nodiscard]] std::optional<std::string> normalize_mobile(std::string_view input);
// A stored number as a member reads it: "06 12 34 56 78" for a mobile (any accepted form,
// imported rows included), the stored text unchanged otherwise.
[[nodiscard]] std::string display_mobile(std::string_view stored);

}  // namespace mc::account
