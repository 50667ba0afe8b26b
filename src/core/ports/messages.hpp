#pragma once
#include <string>

#include "core/account/account.hpp"
#include "core/outbox.hpp"
#include "core/time.hpp"

namespace mc::ports {

// The words of every e-mail and letter (French), kept out of the use cases.
class Messages {
 public:
  enum class Notice {
    temporarily_locked,
    permanently_locked,
    // Device trust: a stranger's guesses locked the account for devices the member never used;
    // their recognised devices still sign in.
    unknown_devices_temporarily_locked,
    unknown_devices_permanently_locked,
    password_changed,
    contact_changed,
    new_code_issued,
    inactivity_warning,
    phone_changed,  // to.phone: the new number
  };
  // Every notice, for the tests that render each one (scam checker, SMTP, links): a new value
  // goes here too.
  static constexpr Notice kEveryNotice[] = {Notice::temporarily_locked,
                                            Notice::permanently_locked,
                                            Notice::unknown_devices_temporarily_locked,
                                            Notice::unknown_devices_permanently_locked,
                                            Notice::password_changed,
                                            Notice::contact_changed,
                                            Notice::new_code_issued,
                                            Notice::inactivity_warning,
                                            Notice::phone_changed};
  virtual ~Messages() = default;
  [[nodiscard]] virtual outbox::Mail reset_link(const account::RegisterEntry& to, const std::string& link,
                                                Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Letter reset_code_letter(const account::Member& to, const std::string& code,
                                                         Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail activation_code_mail(const account::RegisterEntry& to, const std::string& code,
                                                          Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Letter activation_code_letter(const account::Member& to, const std::string& code,
                                                              Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail email_verification(const account::RegisterEntry& to,
                                                        const std::string& new_address, const std::string& link,
                                                        Duration valid) const = 0;
  [[nodiscard]] virtual outbox::Mail notice(Notice kind, const account::RegisterEntry& to,
                                            const std::string& address) const = 0;
};

}  // namespace mc::ports
