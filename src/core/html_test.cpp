#include "core/html.hpp"

#include <gtest/gtest.h>

namespace mc::html {
namespace {

TEST(HtmlEscape, EntitiesForMarkupAndQuotesButNotApostrophes) {
  EXPECT_EQ(escape("<a href=\"x\">R&D</a>"), "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;");
  EXPECT_EQ(escape("l'Assurance Maladie"), "l'Assurance Maladie");
  EXPECT_EQ(escape(""), "");
}

}  // namespace
}  // namespace mc::html
