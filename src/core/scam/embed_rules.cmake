# Build-time step: turns data/scam/rules.toml into a C++ source so that the
# binary carries its default rules (usage: cmake -DIN=… -DOUT=… -P this).
file(READ "${IN}" content)
string(FIND "${content}" ")mc_rules\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )mc_rules\"")
endif()
set(code "// Generated from data/scam/rules.toml by embed_rules.cmake: do not edit.
#include \"core/scam/checker.hpp\"

namespace mc::scam {
std::string_view builtin_rules_toml() {
  static constexpr char kRules[] = R\"mc_rules(${content})mc_rules\";
  return {kRules, sizeof kRules - 1};
}
}  // namespace mc::scam
")
file(WRITE "${OUT}.tmp" "${code}")
configure_file("${OUT}.tmp" "${OUT}" COPYONLY)
