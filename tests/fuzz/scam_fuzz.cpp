// Fuzzes the scam checker with arbitrary bytes: never a crash, a hang or an
// inconsistent answer. Layout of the input: first byte = mode/channel, then
// sender '\0' subject '\0' text. Mode 0xFF feeds the bytes to the rules parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/scam/checker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] == 0xFF) {
    auto checker = mc::scam::Checker::from_rules(in);
    if (!checker && checker.error().empty()) std::abort();  // errors must say something
    return 0;
  }
  mc::scam::Message m;
  m.channel = (data[0] & 1) != 0 ? mc::scam::Channel::email : mc::scam::Channel::sms;
  std::size_t a = in.find('\0');
  std::size_t b = a == std::string_view::npos ? a : in.find('\0', a + 1);
  if (b != std::string_view::npos) {
    m.sender = std::string(in.substr(0, a));
    m.subject = std::string(in.substr(a + 1, b - a - 1));
    m.text = std::string(in.substr(b + 1));
  } else {
    m.text = std::string(in);
  }
  mc::scam::Result r = mc::scam::Checker::builtin().check(m);
  if (!(r.score >= 0.0 && r.score <= 1.0)) std::abort();
  if (r.verdict != mc::scam::Verdict::no_sign && r.reasons.empty()) std::abort();
  if (r.advice.empty()) std::abort();
  for (const mc::scam::Reason& reason : r.reasons)
    if (reason.code.empty() || reason.message.empty()) std::abort();
  return 0;
}
