#include "core/attestation/twoddoc.hpp"

#include <gtest/gtest.h>

namespace mc::attestation::twoddoc {
namespace {

constexpr FieldSpec kSpecs[] = {{"10", 3, 3}, {"11", 1, 5}, {"12", 1, 10}};

TEST(TwoDDocHeader, ParsesTheDossierFacileExample) {
  // MTES-MCT/dossierfacile-backend TwoDDocHeaderTest.
  const auto h = parse_header("DC04FR04FPE3FFFF202A0401FR");
  ASSERT_TRUE(h) << h.error();
  EXPECT_EQ(h->ca_id, "FR04");
  EXPECT_EQ(h->cert_id, "FPE3");
  EXPECT_FALSE(h->issue_date);
  EXPECT_EQ(format_iso_date(*h->signature_date), "2022-07-18");
  EXPECT_EQ(h->doc_type, "04");
  EXPECT_EQ(h->perimeter, "01");
  EXPECT_EQ(h->country, "FR");
  EXPECT_EQ(encode_header(*h), "DC04FR04FPE3FFFF202A0401FR");
}

TEST(TwoDDocHeader, RejectsOtherShapes) {
  EXPECT_FALSE(parse_header("XX04FR04FPE3FFFF202A0401FR"));
  EXPECT_FALSE(parse_header("DC02ANTSXT4A1E6D1E6D01"));  // version 02: not ours
  EXPECT_FALSE(parse_header("DC04FR04FPE3FFFF202A0401F"));
  EXPECT_FALSE(parse_header("DC04FR04FPE3FFFF202a0401FR"));
  EXPECT_FALSE(parse_header("DC04fr04FPE3FFFF202A0401FR"));
}

TEST(TwoDDocMessage, VariableFieldsEndWithGsExceptAtMaxOrLast) {
  const Field fields[] = {{"10", "ABC"}, {"11", "ABCDE"}, {"12", "xy"}};
  const auto m = encode_message(fields, kSpecs);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, "10ABC11ABCDE12xy");
  const Field short_fields[] = {{"11", "AB"}, {"12", "xy"}};
  EXPECT_EQ(*encode_message(short_fields, kSpecs), "11AB\x1D" "12xy");
}

TEST(TwoDDocMessage, RejectsControlCharactersAndBadLengths) {
  const Field gs[] = {{"11", "A\x1D"}};
  EXPECT_FALSE(encode_message(gs, kSpecs));
  const Field too_long[] = {{"11", "ABCDEF"}};
  EXPECT_FALSE(encode_message(too_long, kSpecs));
  const Field fixed_short[] = {{"10", "AB"}};
  EXPECT_FALSE(encode_message(fixed_short, kSpecs));
  const Field unknown[] = {{"99", "AB"}};
  EXPECT_FALSE(encode_message(unknown, kSpecs));
}

TEST(TwoDDocParse, RoundTrip) {
  const std::string signed_part = "DC04MC00ABCD1E6D1E6DAM01FR10ABC11AB\x1D" "12xy";
  const std::vector<std::uint8_t> sig{1, 2, 3, 4, 5};
  const auto doc = parse(append_signature(signed_part, sig), kSpecs);
  ASSERT_TRUE(doc) << doc.error();
  EXPECT_EQ(doc->signed_part, signed_part);
  EXPECT_EQ(doc->signature, sig);
  ASSERT_EQ(doc->fields.size(), 3u);
  EXPECT_EQ(doc->fields[1].value, "AB");
  EXPECT_EQ(doc->fields[2].value, "xy");
}

TEST(TwoDDocParse, RejectsDamage) {
  const std::string head = "DC04MC00ABCD1E6D1E6DAM01FR";
  const std::string sig = "\x1F" "AEBAGBAF";
  EXPECT_TRUE(parse(head + "10ABC" + sig, kSpecs));
  EXPECT_FALSE(parse(head + "10ABC", kSpecs));                       // no signature
  EXPECT_FALSE(parse(head + "10AB" + sig, kSpecs));                  // cut short
  EXPECT_FALSE(parse(head + "10ABC10ABC" + sig, kSpecs));            // repeated
  EXPECT_FALSE(parse(head + "99ABC" + sig, kSpecs));                 // unknown
  EXPECT_FALSE(parse(head + "11AB\x1E" + sig, kSpecs));              // truncation mark
  EXPECT_FALSE(parse(head + "11AB\x1D" + sig, kSpecs));              // trailing GS
  EXPECT_FALSE(parse(head + "11ABCDEF" + sig, kSpecs));              // over max: "F" dangles
  EXPECT_FALSE(parse(head + "10ABC" + sig + "\x1F" "AA", kSpecs));   // two separators
  EXPECT_FALSE(parse(head + "10ABC\x1F" "aebagbaf", kSpecs));        // lower-case Base32
  EXPECT_FALSE(parse(head + "10ABC\x1F", kSpecs));                   // empty signature
}

}  // namespace
}  // namespace mc::attestation::twoddoc
