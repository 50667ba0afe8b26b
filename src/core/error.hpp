#pragma once
// The error vocabulary of the HTTP edge: `result_code` is the stable API value, and
// src/adapters/http/error_mapping.cpp maps each code to its HTTP status (http_status) and
// Retry-After (retry_after_s). It is not yet the vocabulary of the whole service (issue 18): the
// use cases answer with their own kinds (app::LoginOutcome::Kind, FranceConnectOutcome::Kind,
// the strings of app::StepResult::kind and of the back office's Outcome::kind), which the routes
// translate, and some statuses are still chosen beside the routes (page_routes.cpp,
// recovery_routes.cpp, staff_routes.cpp, franceconnect_routes.cpp, server.cpp). The table below
// is what each code means to the person; new code should answer through Errc and json_error.
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
// | unauthenticated      | yes, sign in again              | after signing in         |
// | forbidden / csrf     | yes                             | no / reload the form     |
// | not_found            | yes                             | no                       |
// | rate_limited         | yes                             | after Retry-After        |
// | too_many_requests    | yes, "depuis votre réseau"      | after Retry-After        |
// | busy                 | yes, "réessayez dans un instant"| after Retry-After        |
// | unavailable          | yes, generic                    | yes (storage down)       |
// | internal             | generic message, details logged | maybe                    |
#include <stdexcept>
#include <string>
#include <string_view>

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
  unauthenticated,
  forbidden,
  csrf,
  not_found,
  rate_limited,
  too_many_requests,  // sign-in: the source's failure budget is spent (SPEC §11)
  busy,
  unavailable,
  internal,
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
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::forbidden: return "forbidden";
    case Errc::csrf: return "csrf";
    case Errc::not_found: return "not_found";
    case Errc::rate_limited: return "rate_limited";
    case Errc::too_many_requests: return "too_many_requests";
    case Errc::busy: return "busy";
    case Errc::unavailable: return "unavailable";
    case Errc::internal: return "internal";
  }
  return "internal";
}

// An error with the French sentence shown to the person (never internal details).
struct Error {
  Errc code;
  std::string message;
};

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
