#include "adapters/http/templates.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mc::http {
namespace {

std::map<std::string, std::string, std::less<>> files = {{"p", "[{{x}}]"}};
Templates t([](std::string_view n) -> std::optional<std::string_view> {
  auto it = files.find(n);
  if (it == files.end()) return std::nullopt;
  return it->second;
});

TEST(Templates, EscapesByDefault) {
  EXPECT_EQ(t.render_string("{{a}}", {{"a", "<b>&\"'"}}), "&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(t.render_string("{{{a}}}", {{"a", "<b>"}}), "<b>");
}

TEST(Templates, SectionsListsAndInverted) {
  nlohmann::json ctx = {{"items", {{{"n", "un"}}, {{"n", "deux"}}}}, {"yes", true}, {"no", false}, {"o", {{"k", "v"}}}};
  EXPECT_EQ(t.render_string("{{#items}}<{{n}}>{{/items}}", ctx), "<un><deux>");
  EXPECT_EQ(t.render_string("{{#yes}}Y{{/yes}}{{^no}}N{{/no}}{{#no}}X{{/no}}", ctx), "YN");
  EXPECT_EQ(t.render_string("{{o.k}}{{#o}}{{k}}{{/o}}", ctx), "vv");
  EXPECT_EQ(t.render_string("{{#yes}}{{#yes}}in{{/yes}}{{/yes}}", ctx), "in");
}

TEST(Templates, ListLengthWrapsAListOnce) {
  nlohmann::json ctx = {{"items", {{{"n", "un"}}, {{"n", "deux"}}, {{"n", "trois"}}}}, {"none", nlohmann::json::array()}};
  // The wrapper appears once and each item once (a list section nested in itself would give 3×3).
  EXPECT_EQ(t.render_string("{{#items.length}}<ul>{{#items}}<li>{{n}}</li>{{/items}}</ul>{{/items.length}}", ctx),
            "<ul><li>un</li><li>deux</li><li>trois</li></ul>");
  EXPECT_EQ(t.render_string("{{#none.length}}<ul></ul>{{/none.length}}{{^none.length}}vide{{/none.length}}", ctx), "vide");
  EXPECT_EQ(t.render_string("{{items.length}}", ctx), "3");
}

TEST(Templates, PartialsAndComments) {
  EXPECT_EQ(t.render_string("a{{! hidden }}{{> p}}", {{"x", "é"}}), "a[é]");
}

TEST(Templates, Errors) {
  EXPECT_THROW((void)t.render_string("{{#a}}", {{"a", true}}), std::runtime_error);
  EXPECT_THROW((void)t.render("missing", {}), std::runtime_error);
}

}  // namespace
}  // namespace mc::http
