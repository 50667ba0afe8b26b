#pragma once
// `moncompte serve`: the service built from the composition root (composition.hpp) and run.
#include <functional>
#include <string>

#include "main/composition.hpp"
#include "main/config.hpp"

namespace mc::wiring {

// Runs the service until SIGTERM/SIGINT (graceful drain, exit 0). SIGHUP calls reload_config
// (when given) and applies the keys that can change live (docs/operations.md).
int serve(const std::string& listen, const std::string& db_url, config::Config& cfg,
          const std::function<config::Config()>& reload_config = {});

}  // namespace mc::wiring
