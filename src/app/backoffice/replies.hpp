#pragma once
// The member's answer to a help request, by e-mail or letter (French, the anti-scam reminder
// included, every link on the service's own base URL).
#include <string>

#include "core/account/account.hpp"
#include "core/outbox.hpp"
#include "core/staff/help_queue.hpp"

namespace mc::app::backoffice {

[[nodiscard]] outbox::Mail help_reply_mail(const account::RegisterEntry& to, const staff::HelpRequest& request,
                                           const std::string& outcome, const std::string& base_url);
[[nodiscard]] outbox::Letter help_reply_letter(const account::RegisterEntry& to, const staff::HelpRequest& request,
                                               const std::string& outcome);

}  // namespace mc::app::backoffice
