#pragma once
// The help queue (SPEC §6): a member files a request without signing in (the same answer and a
// fresh reference whatever the NIR); advisors work it by urgency, then age, and the member is told
// the outcome by e-mail, letter or a call back.
#include <vector>

#include "app/backoffice/common.hpp"
#include "core/staff/help_queue.hpp"

namespace mc::app::backoffice {

struct HelpInput {
  std::string nir;  // 15 characters with the key (checked)
  std::string birth_date;
  std::string phone;
  std::string category;  // staff::to_string(Category)
  std::string text;
};

// A request filed: the API's "accepted" (202).
struct HelpFiled {
  std::string message;  // French
  std::string reference;
};

class HelpDesk {
 public:
  explicit HelpDesk(Deps deps) : d_(deps) {}

  // Public: "accepted" and a new reference for every well-formed request. The register is not
  // consulted here, so the answer and its timing say nothing about the NIR.
  Result<HelpFiled> file(const HelpInput& in, const std::string& client_ip);
  // A member of staff files for the member in front of them (France Services) or on the phone.
  Result<HelpFiled> file_for(const Actor& actor, const HelpInput& in, const Justification& why);

  // In queue order.
  Result<std::vector<staff::HelpRequest>> queue(const Actor& actor, std::optional<staff::HelpStatus> status);
  std::optional<staff::HelpRequest> find(const Actor& actor, const std::string& reference);
  Result<Done> claim(const Actor& actor, const std::string& reference);
  // `reply`: "email", "postal" or "phone". A supervisor may close what someone else claimed.
  Result<Done> resolve(const Actor& actor, const std::string& reference, const std::string& outcome,
                       const std::string& reply);

 private:
  Result<staff::HelpRequest> validate(const HelpInput& in);
  Deps d_;
};

}  // namespace mc::app::backoffice
