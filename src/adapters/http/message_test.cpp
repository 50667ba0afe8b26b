#include "adapters/http/message.hpp"

#include <gtest/gtest.h>

namespace mc::http {
namespace {

TEST(Message, FormDecoding) {
  auto f = parse_urlencoded("nir=2+95+10&password=a%26b%3D&empty=&x");
  EXPECT_EQ(f["nir"], "2 95 10");
  EXPECT_EQ(f["password"], "a&b=");
  EXPECT_EQ(f["empty"], "");
  EXPECT_TRUE(f.contains("x"));
  EXPECT_EQ(url_decode("%zz%4", false), "%zz%4");
}

TEST(Message, Cookies) {
  Request r;
  r.headers["cookie"] = "a=1; mc_session=abc; b=2";
  EXPECT_EQ(r.cookie("mc_session"), "abc");
  EXPECT_EQ(r.cookie("b"), "2");
  EXPECT_FALSE(r.cookie("c"));
}

TEST(Message, ContentType) {
  Request r;
  r.headers["Content-Type"] = "Application/JSON; charset=utf-8";
  EXPECT_TRUE(r.is_json());
  EXPECT_FALSE(r.is_form());
}

}  // namespace
}  // namespace mc::http
