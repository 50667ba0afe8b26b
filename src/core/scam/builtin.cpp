// Checker::builtin(): the embedded rules with the model trained at build time
// (separate from checker.cpp so that the trainer links the checker without a
// model; see src/core/scam/CMakeLists.txt).
#include <cstdlib>

#include "core/scam/checker.hpp"

namespace mc::scam {

const Checker& Checker::builtin() {
  static const Checker checker = [] {
    auto c = from_rules(builtin_rules_toml());
    if (!c) {
      // The embedded rules are tested at build time; failing here is a build defect.
      std::abort();
    }
    const Model& m = builtin_model();
    if (m.weights.size() != kModelSize) return std::move(*c);
    return c->with_model(std::shared_ptr<const Model>(&m, [](const Model*) {}));
  }();
  return checker;
}

}  // namespace mc::scam
