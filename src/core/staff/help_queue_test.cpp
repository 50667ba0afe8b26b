#include "core/staff/help_queue.hpp"

#include <gtest/gtest.h>

namespace mc::staff {
namespace {

HelpRequest req(std::int64_t id, Category c, std::int64_t minute) {
  HelpRequest r;
  r.id = id;
  r.category = c;
  r.created_at = from_millis(minute * 60'000);
  return r;
}

TEST(HelpQueue, UrgencyFirstThenAge) {
  std::vector<HelpRequest> q = {
      req(1, Category::other, 0),             req(2, Category::attestation_now, 5),
      req(3, Category::daily_allowances, 50), req(4, Category::maternity, 10),
      req(5, Category::daily_allowances, 20), req(6, Category::long_term_illness, 1),
      req(7, Category::employer_document, 2), req(8, Category::attestation_now, 3),
  };
  order_queue(q);
  std::vector<std::int64_t> ids;
  ids.reserve(q.size());
  for (const auto& r : q) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{5, 3, 4, 6, 8, 2, 7, 1}));
}

TEST(HelpQueue, SameUrgencyAndTimeFallsBackToId) {
  std::vector<HelpRequest> q = {req(9, Category::maternity, 7), req(4, Category::maternity, 7)};
  order_queue(q);
  EXPECT_EQ(q[0].id, 4);
}

TEST(HelpQueue, EveryCategoryHasARankALabelAndAName) {
  int last = 0;
  for (auto c : kCategories) {
    EXPECT_GT(urgency(c), last);
    last = urgency(c);
    EXPECT_FALSE(label_fr(c).empty());
    EXPECT_EQ(parse_category(to_string(c)), c);
  }
  EXPECT_FALSE(parse_category("urgent"));
}

TEST(HelpQueue, StatusAndReplyNames) {
  for (auto s : {HelpStatus::open, HelpStatus::claimed, HelpStatus::resolved})
    EXPECT_EQ(parse_help_status(to_string(s)), s);
  for (auto r : {Reply::email, Reply::postal, Reply::phone}) EXPECT_EQ(parse_reply(to_string(r)), r);
  EXPECT_EQ(label_fr(HelpStatus::claimed), "En cours");
  EXPECT_FALSE(parse_help_status("closed"));
}

TEST(HelpQueue, References) {
  std::array<std::uint8_t, 5> r{1, 2, 3, 4, 5};
  auto ref = make_reference(r);
  ASSERT_EQ(ref.size(), 14u);
  EXPECT_TRUE(ref.starts_with("AIDE-"));
  EXPECT_EQ(normalize_reference(ref), ref);
  std::string lower = ref;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(normalize_reference(lower), ref);
  EXPECT_EQ(normalize_reference(ref.substr(5)), ref);
  EXPECT_FALSE(normalize_reference("AIDE-0000-0000"));
  EXPECT_FALSE(normalize_reference("AIDE-ABCD"));
}

TEST(HelpQueue, Phones) {
  EXPECT_EQ(normalize_phone("06 01 02 03 04"), "0601020304");
  EXPECT_EQ(normalize_phone("+33 6.01.02.03.04"), "+33601020304");
  for (const char* bad : {"06 01", "06 01 02 03 0x", "0601+020304"}) EXPECT_FALSE(normalize_phone(bad)) << bad;
}

}  // namespace
}  // namespace mc::staff
