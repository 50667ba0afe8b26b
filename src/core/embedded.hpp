#pragma once
// Files compiled into the binary by cmake/Embed.cmake (see mc_embed()).
#include <optional>
#include <string_view>
#include <vector>

namespace mc::embedded {
#define MC_DECLARE_EMBEDDED(name)                                  \
  std::optional<std::string_view> name(std::string_view path);     \
  std::vector<std::string_view> name##_list();
MC_DECLARE_EMBEDDED(common_passwords)
MC_DECLARE_EMBEDDED(web_assets)
MC_DECLARE_EMBEDDED(migrations)
#undef MC_DECLARE_EMBEDDED
}  // namespace mc::embedded
