#pragma once
// The error vocabulary of the whole service (issue 18): a use case that cannot do what was asked
// answers `mc::Error {code, message, details}` (usually as `mc::Result<T>`, a std::expected);
// `result_code` is the stable API value, and src/adapters/http/error_mapping.cpp is the one place
// where a code becomes an HTTP status (http_status) and a Retry-After (retry_after_s), for JSON
// and HTML alike. Sign-in, FranceConnect, attestations, recovery and the back office
// (app/backoffice, handlers/staff_*.cpp) all answer this way. The table below is what each code
// means to the person.
//
// | code                 | shown to the member?            | retry?                   |
// |----------------------|---------------------------------|--------------------------|
// | invalid_input        | yes, which field                | after correcting         |
// | invalid_nir          | yes, precise French message     | after correcting         |
// | invalid_credentials  | yes, with tries left            | yes                      |
// | temporarily_locked   | yes, with minutes left          | after Retry-After        |
// | permanently_locked   | yes, "contactez le 36 46"       | no (advisor)             |
// | inactive / pending / other_space | yes, after a correct password only | no     |
// | weak_password        | yes, every broken rule          | after correcting         |
// | invalid_or_expired   | yes, without saying which       | ask for a new code       |
// | not_identified       | yes, "vérifiez vos informations"| after correcting         |
// | no_email             | yes, choose the postal letter   | by post                  |
// | already_active       | yes, sign in or reset instead   | no                       |
// | conflict             | yes (staff: someone else acted) | after reloading          |
// | unauthenticated      | yes, sign in again              | after signing in         |
// | forbidden / csrf     | yes                             | no / reload the form     |
// | not_found            | yes                             | no                       |
// | rate_limited         | yes                             | after Retry-After        |
// | too_many_requests    | yes, "depuis votre réseau"      | after Retry-After        |
// | busy                 | yes, "réessayez dans un instant"| after Retry-After        |
// | unavailable          | yes, generic                    | yes (storage down)       |
// | internal             | generic message, details logged | maybe                    |
// | invalid_flow         | yes, "connexion expirée"        | start again              |
// | cancelled            | yes (200: nothing went wrong)   | start again              |
// | provider_error       | yes, FranceConnect failed       | after Retry-After if set |
// | no_match / several_matches / link_conflict | yes, 36 46 or the counter | no     |
// | no_account           | yes, how to create one          | no                       |
// | payload_too_large / headers_too_large / timeout | the server's own JSON (413/431/408) | after fixing the request |
#include <cstdint>
#include <expected>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mc {

enum class Errc {
  invalid_input,
  invalid_nir,
  invalid_credentials,
  temporarily_locked,
  permanently_locked,
  inactive,
  pending,
  other_space,
  weak_password,
  invalid_or_expired,
  not_identified,  // activation: the identity given matches no register entry
  no_email,        // a link was asked by e-mail but the account has no address
  already_active,  // activation of an account that is already active
  conflict,        // staff: the record changed meanwhile, or the action was already done
  unauthenticated,
  forbidden,
  csrf,
  not_found,
  rate_limited,
  too_many_requests,  // sign-in: the source's failure budget is spent (SPEC §11)
  busy,
  unavailable,
  internal,
  // FranceConnect sign-in (SPEC §5): the answers a password sign-in never gives.
  invalid_flow,     // no flow for this browser, expired, already used, or state mismatch
  cancelled,        // the member cancelled on FranceConnect (access_denied): not a fault, a 200 page
  provider_error,   // FranceConnect failed or its answers failed our checks
  no_match,         // nobody in the register has this identity
  several_matches,  // several register entries have it: never guess
  link_conflict,    // the identity is linked to another account (a race, in practice)
  no_account,       // known to the register, but no online account yet
  // The transport's own refusals (http/server.cpp): the request never reached a route.
  payload_too_large,  // the body is over http.max_body_bytes
  headers_too_large,  // the headers are over their limit
  timeout,            // the request arrived too slowly
};

[[nodiscard]] constexpr std::string_view result_code(Errc e) {
  switch (e) {
    case Errc::invalid_input: return "invalid_input";
    case Errc::invalid_nir: return "invalid_nir";
    case Errc::invalid_credentials: return "invalid_credentials";
    case Errc::temporarily_locked: return "temporarily_locked";
    case Errc::permanently_locked: return "permanently_locked";
    case Errc::inactive: return "inactive";
    case Errc::pending: return "pending";
    case Errc::other_space: return "other_space";
    case Errc::weak_password: return "weak_password";
    case Errc::invalid_or_expired: return "invalid_or_expired";
    case Errc::not_identified: return "not_identified";
    case Errc::no_email: return "no_email";
    case Errc::already_active: return "already_active";
    case Errc::conflict: return "conflict";
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::forbidden: return "forbidden";
    case Errc::csrf: return "csrf";
    case Errc::not_found: return "not_found";
    case Errc::rate_limited: return "rate_limited";
    case Errc::too_many_requests: return "too_many_requests";
    case Errc::busy: return "busy";
    case Errc::unavailable: return "unavailable";
    case Errc::internal: return "internal";
    case Errc::invalid_flow: return "invalid_flow";
    case Errc::cancelled: return "cancelled";
    case Errc::provider_error: return "provider_error";
    case Errc::no_match: return "no_match";
    case Errc::several_matches: return "several_matches";
    case Errc::link_conflict: return "link_conflict";
    case Errc::no_account: return "no_account";
    case Errc::payload_too_large: return "payload_too_large";
    case Errc::headers_too_large: return "headers_too_large";
    case Errc::timeout: return "timeout";
  }
  return "internal";
}

// One rule broken or one item missing: a stable code and its French sentence.
struct Reason {
  std::string code;
  std::string message;
};

// Where a member whose organisme runs its own online space is sent (other_space).
struct OtherSpace {
  std::string name, online_space, phone;
};

// What the person may need besides the code and the sentence. Every field is optional; the edge
// writes those that are set (JSON keys in error_mapping.cpp, form fields in the page handlers).
struct ErrorDetails {
  std::string field;            // the input at fault ("birth_date", "email"…) or the NIR rule broken
  std::vector<Reason> reasons;  // weak_password: every rule broken
  std::vector<std::string> problems;    // back office: everything missing (French), or the NIR rule broken
  int attempts_before_lock = -1;        // invalid_credentials
  bool next_lock_is_permanent = false;  // invalid_credentials
  int tries_left = -1;                  // invalid_or_expired on a short code
  std::int64_t retry_after_s = 0;       // overrides the code's default Retry-After when > 0
  std::optional<OtherSpace> other_space;
};

// An error with the French sentence shown to the person (never internal details).
struct Error {
  Errc code = Errc::internal;
  std::string message;
  ErrorDetails details = {};
};

template <class T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(Errc code, std::string message, ErrorDetails details = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(details)});
}

// Thrown by storage adapters when the database cannot do its part for a reason outside the
// request: another program holds the lock for longer than `storage.wait_ms`, the disk is full,
// the file or server is read-only, or the connection is gone. Every thread catches it as a
// std::exception and survives it; the edge answers 503 `unavailable` with Retry-After
// (src/adapters/http/error_mapping.cpp). Nothing was written: the transaction was rolled back.
class StorageError : public std::runtime_error {
 public:
  enum class Cause { locked, full, read_only, connection_lost, io };

  StorageError(Cause cause, std::string backend, std::string operation, const std::string& detail)
      : std::runtime_error(backend + " " + operation + ": " + detail),
        cause_(cause),
        backend_(std::move(backend)),
        operation_(std::move(operation)) {}

  [[nodiscard]] Cause cause() const noexcept { return cause_; }
  [[nodiscard]] const std::string& backend() const noexcept { return backend_; }      // "sqlite", "postgresql"
  [[nodiscard]] const std::string& operation() const noexcept { return operation_; }  // "step", "connect", …

 private:
  Cause cause_;
  std::string backend_;
  std::string operation_;
};

// The stable word used in logs, metrics labels and /healthz.
[[nodiscard]] constexpr std::string_view to_string(StorageError::Cause c) {
  switch (c) {
    case StorageError::Cause::locked: return "locked";
    case StorageError::Cause::full: return "full";
    case StorageError::Cause::read_only: return "read_only";
    case StorageError::Cause::connection_lost: return "connection_lost";
    case StorageError::Cause::io: return "io";
  }
  return "io";
}

}  // namespace mc
