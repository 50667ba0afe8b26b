#pragma once
// The French words of every e-mail and letter the service sends (ports::Messages).
// E-mails (emails.cpp) and letters for the print house (letters.cpp); tested in messages_test.cpp.
#include "core/ports/messages.hpp"

namespace mc::messages {

class MessagesFr final : public ports::Messages {
 public:
  // `temporary_lock`: lockout.temporary_minutes, which the temporary-lock notices state.
  explicit MessagesFr(std::string base_url, Duration temporary_lock = minutes(20))
      : base_url_(std::move(base_url)), temporary_lock_(temporary_lock) {}

  outbox::Mail reset_link(const account::RegisterEntry& to, const std::string& link, Duration valid) const override;
  outbox::Letter reset_code_letter(const account::Member& to, const std::string& code, Duration valid) const override;
  outbox::Mail activation_code_mail(const account::RegisterEntry& to, const std::string& code, Duration valid) const override;
  outbox::Letter activation_code_letter(const account::Member& to, const std::string& code, Duration valid) const override;
  outbox::Mail email_verification(const account::RegisterEntry& to, const std::string& new_address, const std::string& link,
                                  Duration valid) const override;
  outbox::Mail notice(Notice kind, const account::RegisterEntry& to, const std::string& address) const override;

 private:
  std::string base_url_;
  Duration temporary_lock_;
};

// "15 jours", "30 minutes", "24 heures".
std::string duration_fr(Duration d);

// The reminder closing every message (SPEC §4, §8).
inline constexpr const char* kAntiScamReminder =
    "L'Assurance Maladie ne vous demande jamais votre mot de passe ni vos coordonnées bancaires par SMS ou par e-mail. "
    "En cas de doute, ne cliquez pas : connectez-vous vous-même à votre compte ou appelez le 36 46.";

}  // namespace mc::messages
