#include "core/account/contact.hpp"

#include <gtest/gtest.h>

namespace mc::account {
namespace {

TEST(Mobile, EveryWrittenFormOfAFrenchMobileGivesOneStoredForm) {
  for (const char* in : {"0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+33612345678",
                         "+33 6 12 34 56 78", "0033612345678", "00 33 6 12 34 56 78", " 06 12 34 56 78 "})
    EXPECT_EQ(normalize_mobile(in), "+33612345678") << in;
  EXPECT_EQ(normalize_mobile("07 98 76 54 32"), "+33798765432");
}

TEST(Mobile, OverseasMobilesKeepTheirCountryCode) {
  EXPECT_EQ(normalize_mobile("0639 12 34 56"), "+262639123456");  // Mayotte
  EXPECT_EQ(normalize_mobile("0692 12 34 56"), "+262692123456");  // La Réunion
  EXPECT_EQ(normalize_mobile("0693 12 34 56"), "+262693123456");
  EXPECT_EQ(normalize_mobile("0690 12 34 56"), "+590690123456");  // Guadeloupe
  EXPECT_EQ(normalize_mobile("0691 12 34 56"), "+590691123456");  // Saint-Martin, Saint-Barthélemy
  EXPECT_EQ(normalize_mobile("0694 12 34 56"), "+594694123456");  // Guyane
  EXPECT_EQ(normalize_mobile("0696 12 34 56"), "+596696123456");  // Martinique
  EXPECT_EQ(normalize_mobile("0697 12 34 56"), "+596697123456");
  EXPECT_EQ(normalize_mobile("+262 692 12 34 56"), "+262692123456");
  EXPECT_EQ(normalize_mobile("00590 690 12 34 56"), "+590690123456");
  EXPECT_EQ(normalize_mobile("+33 6 96 12 34 56"), "+596696123456");
  EXPECT_FALSE(normalize_mobile("+590 6 12 34 56 78"));  // not a Guadeloupe mobile
}

TEST(Mobile, WhatIsNotAFrenchMobileIsRefused) {
  for (const char* in :
       {"", "01 23 45 67 89", "0512345678", "08 00 12 34 56", "061234567", "06123456789", "+44 7700 900123",
        "+33 1 23 45 67 89", "06 12 34 56 7x", "06+12345678", "++33612345678", "6 12 34 56 78", "+0612345678"})
    EXPECT_FALSE(normalize_mobile(in)) << in;
}

TEST(Mobile, DisplayReadsEveryStoredForm) {
  EXPECT_EQ(display_mobile("+33612345678"), "06 12 34 56 78");
  EXPECT_EQ(display_mobile("0612345678"), "06 12 34 56 78");  // as imported
  EXPECT_EQ(display_mobile("+590690123456"), "06 90 12 34 56");
  EXPECT_EQ(display_mobile("01 23 45 67 89"), "01 23 45 67 89");  // not a mobile: as stored
  EXPECT_EQ(display_mobile(""), "");
}

}  // namespace
}  // namespace mc::account
