#pragma once
// Members' reports of a message they checked (issue 16, item 5): what is kept, how it is masked
// before storage, how an advisor labels it, and how long an unlabelled report is kept. Pure.
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::report {

// Unlabelled reports are purged by housekeeping after this period (docs/scam-corpus.md); a
// labelled report is kept until an advisor discards it (it has become corpus material, masked).
inline const Duration kUnlabelledRetention = days(90);

// Caps on what a report stores (the checker reads at most 64 KiB; a report needs less).
inline constexpr std::size_t kMaxTextBytes = 16 * 1024;
inline constexpr std::size_t kMaxFieldBytes = 512;

// Masks personal data in a message before it is stored:
//  - NIRs: 13 or 15 digits starting with 1, 2, 7 or 8, spaced or not ("1 85 05 78 006 084 36")
//    → "[NIR masqué]";
//  - phone numbers: 10 digits starting with 0, "+33"/"0033" + 9 digits, other "+" numbers of
//    8–15 digits → the kind of number is kept, the rest masked ("06 XX XX XX XX", "0899 XX XX XX",
//    "+33 7 XX XX XX XX"), so that a surcharged or foreign call-back number stays visible;
//  - codes: any other run of 4–8 digits (spaces allowed inside: "305 992") → "[code masqué]",
//    except amounts ("1 500 €"), years (1900–2099) and public service numbers (36 46, 33 700…);
//  - longer runs (card, IBAN or account numbers) → "[numéro masqué]";
//  - e-mail addresses: the local part is masked, the domain kept ("…@ameli-securite.net"),
//    since the domain is what tells a scam.
// Inside a link ("https://…", "www.…") nothing is masked: hosts, IPs and paths are the evidence.
// Runs of digits may be separated by single spaces, dots, hyphens or (narrow) no-break spaces.
[[nodiscard]] std::string mask_personal_data(std::string_view text);

// Cuts to at most `max` bytes on a UTF-8 boundary.
[[nodiscard]] std::string cap_utf8(std::string_view s, std::size_t max);

enum class Label { scam, legit };
[[nodiscard]] std::string_view to_string(Label l);  // "scam" / "legit" (the corpus labels)
[[nodiscard]] std::optional<Label> parse_label(std::string_view s);
[[nodiscard]] std::string_view label_fr(Label l);   // "arnaque" / "message authentique"

// The corpus family of a report received at `at`: "report-YYYY-MM" (UTC month).
[[nodiscard]] std::string family_of(Instant at);

}  // namespace mc::report
