#include "adapters/http/templates.hpp"

#include <deque>
#include <stdexcept>
#include <vector>

#include "adapters/http/message.hpp"

namespace mc::http {
namespace {

using json = nlohmann::json;

struct Renderer {
  const Templates& owner;
  const TemplateSource& source;
  std::vector<const json*> stack;
  // Values computed during lookup (the `length` of a list), kept alive while rendering.
  mutable std::deque<json> computed;
  int depth = 0;

  const json* lookup(std::string_view name) const {
    if (name == ".") return stack.back();
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      const json* cur = *it;
      std::string_view rest = name;
      bool found = true;
      bool first = true;
      while (!rest.empty()) {
        auto dot = rest.find('.');
        std::string key(rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        if (cur->is_array() && key == "length") {
          // `{{#list.length}}<ul>{{#list}}…{{/list}}</ul>{{/list.length}}`: a wrapper shown once
          // for a non-empty list (as in Mustache.js). `{{#list}}<ul>{{#list}}` would instead
          // repeat the whole list once per item, since the inner name resolves to the outer list.
          cur = &computed.emplace_back(cur->size());
          continue;
        }
        if (!cur->is_object() || !cur->contains(key)) {
          found = false;
          break;
        }
        cur = &(*cur)[key];
        first = false;
      }
      (void)first;
      if (found) return cur;
    }
    return nullptr;
  }

  static bool truthy(const json* v) {
    if (!v || v->is_null()) return false;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_string()) return !v->get_ref<const std::string&>().empty();
    if (v->is_array() || v->is_object()) return !v->empty();
    if (v->is_number()) return v->get<double>() != 0;
    return true;
  }

  static std::string as_text(const json* v) {
    if (!v || v->is_null()) return {};
    if (v->is_string()) return v->get<std::string>();
    if (v->is_boolean()) return v->get<bool>() ? "true" : "";
    return v->dump();
  }

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }

  // Finds the {{/name}} closing the section opened just before `pos`, skipping nested ones.
  static std::size_t find_close(std::string_view t, std::size_t pos, std::string_view name, std::size_t& after) {
    int level = 1;
    while (true) {
      auto open = t.find("{{", pos);
      if (open == std::string_view::npos) throw std::runtime_error("unclosed section " + std::string(name));
      auto close = t.find("}}", open);
      if (close == std::string_view::npos) throw std::runtime_error("unclosed tag");
      std::string_view tag = t.substr(open + 2, close - open - 2);
      if (!tag.empty() && (tag[0] == '#' || tag[0] == '^') && trim(tag.substr(1)) == name) ++level;
      if (!tag.empty() && tag[0] == '/' && trim(tag.substr(1)) == name && --level == 0) {
        after = close + 2;
        return open;
      }
      pos = close + 2;
    }
  }

  void render(std::string_view t, std::string& out) {
    if (++depth > 32) throw std::runtime_error("template nesting too deep");
    std::size_t pos = 0;
    while (pos < t.size()) {
      auto open = t.find("{{", pos);
      if (open == std::string_view::npos) {
        out.append(t.substr(pos));
        break;
      }
      out.append(t.substr(pos, open - pos));
      bool triple = t.compare(open, 3, "{{{") == 0;
      auto close = t.find(triple ? "}}}" : "}}", open);
      if (close == std::string_view::npos) throw std::runtime_error("unclosed tag");
      std::string_view tag = t.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2));
      pos = close + (triple ? 3 : 2);
      if (triple) {
        out += as_text(lookup(trim(tag)));
        continue;
      }
      char kind = tag.empty() ? ' ' : tag[0];
      if (kind == '!') continue;
      if (kind == '>') {
        auto partial = source(trim(tag.substr(1)));
        if (!partial) throw std::runtime_error("unknown partial " + std::string(trim(tag.substr(1))));
        render(*partial, out);
        continue;
      }
      if (kind == '#' || kind == '^') {
        std::string_view name = trim(tag.substr(1));
        std::size_t after = 0;
        std::size_t end = find_close(t, pos, name, after);
        std::string_view inner = t.substr(pos, end - pos);
        const json* v = lookup(name);
        if (kind == '^') {
          if (!truthy(v)) render(inner, out);
        } else if (v && v->is_array()) {
          for (const auto& item : *v) {
            stack.push_back(&item);
            render(inner, out);
            stack.pop_back();
          }
        } else if (truthy(v)) {
          stack.push_back(v);
          render(inner, out);
          stack.pop_back();
        }
        pos = after;
        continue;
      }
      if (kind == '/') throw std::runtime_error("unexpected closing tag " + std::string(tag));
      out += html_escape(as_text(lookup(trim(tag))));
    }
    --depth;
  }
};

}  // namespace

std::string Templates::render_string(std::string_view text, const nlohmann::json& context) const {
  Renderer r{*this, source_, {&context}};
  std::string out;
  r.render(text, out);
  return out;
}

std::string Templates::render(std::string_view name, const nlohmann::json& context) const {
  auto t = source_(name);
  if (!t) throw std::runtime_error("unknown template " + std::string(name));
  return render_string(*t, context);
}

}  // namespace mc::http
