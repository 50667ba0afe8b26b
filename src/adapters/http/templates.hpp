#pragma once
// A Mustache subset for server-rendered pages: {{x}} (escaped), {{{x}}} (raw), {{#x}}…{{/x}},
// {{^x}}…{{/x}}, {{> partial}}, {{! comment}}, dotted names. Debian packages no C++ Mustache
// library, and this subset is all the pages need (docs/adr/0003).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mc::http {

using TemplateSource = std::function<std::optional<std::string_view>(std::string_view name)>;

class Templates {
 public:
  explicit Templates(TemplateSource source) : source_(std::move(source)) {}
  // Throws std::runtime_error for an unknown template or an unbalanced section.
  [[nodiscard]] std::string render(std::string_view name, const nlohmann::json& context) const;
  [[nodiscard]] std::string render_string(std::string_view text, const nlohmann::json& context) const;

 private:
  TemplateSource source_;
};

}  // namespace mc::http
