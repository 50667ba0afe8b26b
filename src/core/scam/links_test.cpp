#include "core/scam/links.hpp"

#include <gtest/gtest.h>

#include "core/scam/checker.hpp"

namespace mc::scam {
namespace {

const HostAnalyzer& analyzer() {
  static const Rules rules = *parse_rules(builtin_rules_toml());
  static const HostAnalyzer h(rules);
  return h;
}

std::vector<Link> links_in(std::string_view text, std::size_t max = 20) {
  std::size_t total = 0;
  return analyzer().extract(text, max, 2048, total);
}

TEST(ScamLinks, ExtractsSchemeBareAndWwwLinks) {
  auto l = links_in("Voir https://assure.ameli.fr/x?y=1, ameli.fr et www.exemple.com.");
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].host, "assure.ameli.fr");
  EXPECT_EQ(l[0].path, "/x?y=1");
  EXPECT_EQ(l[1].host, "ameli.fr");
  EXPECT_EQ(l[2].host, "www.exemple.com");
}

TEST(ScamLinks, IgnoresNumbersAndMissingSpaces) {
  EXPECT_TRUE(links_in("Montant 1.49 euros. Rendez-vous demain.Je viens").empty());
  EXPECT_TRUE(links_in("Fichier Avis_Remboursement.html joint").empty());
}

TEST(ScamLinks, SeparatesUserinfoFromHost) {
  auto l = links_in("https://www.ameli.fr@securisation.example/assure");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].userinfo, "www.ameli.fr");
  EXPECT_EQ(l[0].host, "securisation.example");
  EXPECT_FALSE(l[0].email);
}

TEST(ScamLinks, RecognisesEmailAddresses) {
  auto l = links_in("Écrivez à support@ameli-aide.example.");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_TRUE(l[0].email);
  EXPECT_EQ(l[0].host, "ameli-aide.example");
}

TEST(ScamLinks, RecognisesIpHostsAndPorts) {
  auto l = links_in("http://192.0.2.45:8080/a http://3405803828/b https://0xCB007136/c 192.0.2.9/x");
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].port, "8080");
  for (const Link& link : l) EXPECT_TRUE(analyzer().analyse(link.host).ip) << link.host;
}

TEST(ScamLinks, Ipv6MappedAndCompatibleHosts) {
  auto l = links_in("Lien : http://[::ffff:c633:6412]/compte et https://[::198.51.100.23]/assure.");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].host, "[::ffff:c633:6412]");
  EXPECT_EQ(l[0].path, "/compte");
  EXPECT_EQ(l[1].host, "[::198.51.100.23]");
  for (const Link& link : l) EXPECT_TRUE(analyzer().analyse(link.host).ip) << link.host;
}

TEST(ScamLinks, DecimalOctalAndHexIpv4) {
  for (const char* host : {"3405803828", "0313.0.0161.066", "0xCB007136", "0xcb.0.0x71.0x36", "203.0.113.54"})
    EXPECT_TRUE(analyzer().analyse(host).ip) << host;
  EXPECT_FALSE(analyzer().analyse("ameli.fr").ip);
}

TEST(ScamLinks, DataUrls) {
  auto l = links_in("Ouvrez data:text/html;base64,PGh0bWw+PC9odG1sPg== pour valider.");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_TRUE(l[0].data);
  EXPECT_TRUE(links_in("Les metadata:2 fichiers").empty());
}

TEST(ScamLinks, OpenRedirectorsYieldTheirTarget) {
  auto l = links_in("https://www.google.com/url?q=https://ameli-verif.example/x&sa=D");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].host, "www.google.com");
  EXPECT_EQ(l[1].host, "ameli-verif.example");
  EXPECT_EQ(l[1].via, "www.google.com");
  auto e = links_in("https://l.facebook.com/l.php?u=https%3A%2F%2Fremboursement.example%2Fa");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].host, "remboursement.example");
}

TEST(ScamLinks, HomoglyphBrandWordInText) {
  EXPECT_EQ(analyzer().match_text_word("\u0410MELI").kind, BrandMatch::Kind::homoglyph);  // Cyrillic А
  EXPECT_EQ(analyzer().match_text_word("Amel\u0456").kind, BrandMatch::Kind::homoglyph);  // Cyrillic і
  EXPECT_EQ(analyzer().match_text_word("AMELI").kind, BrandMatch::Kind::none);  // plain ASCII: an ordinary claim
  EXPECT_EQ(analyzer().match_text_word("Amélie").kind, BrandMatch::Kind::none);
}

TEST(ScamLinks, CapsTheNumberOfLinksExamined) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "https://l" + std::to_string(i) + ".example ";
  std::size_t total = 0;
  auto l = analyzer().extract(text, 5, 2048, total);
  EXPECT_EQ(l.size(), 5u);
  EXPECT_EQ(total, 100u);
}

TEST(ScamLinks, OfficialDomainsAndTheirSubdomains) {
  EXPECT_TRUE(analyzer().analyse("assure.ameli.fr").official);
  EXPECT_TRUE(analyzer().analyse("www.cybermalveillance.gouv.fr").official);
  EXPECT_TRUE(analyzer().analyse("WWW.AMELI.FR").official);
  EXPECT_FALSE(analyzer().analyse("ameli.fr.evil.example").official);
  EXPECT_FALSE(analyzer().analyse("notameli.fr").official);
}

TEST(ScamLinks, BrandInsideAnotherDomain) {
  HostInfo h = analyzer().analyse("ameli-sante.xyz");
  EXPECT_FALSE(h.legitimate);
  EXPECT_EQ(h.look.kind, BrandMatch::Kind::brand);
  EXPECT_EQ(h.look.token, "ameli");
  EXPECT_EQ(h.tld, "xyz");
  EXPECT_EQ(analyzer().analyse("francetravail-aide.example").look.kind, BrandMatch::Kind::brand);
  EXPECT_EQ(analyzer().analyse("amelifr-support.com").look.kind, BrandMatch::Kind::brand);
}

TEST(ScamLinks, TyposAndHomoglyphsBySkeleton) {
  EXPECT_EQ(analyzer().analyse("amelli.com").look.kind, BrandMatch::Kind::typo);
  EXPECT_EQ(analyzer().analyse("securite.amelie-assure.net").look.kind, BrandMatch::Kind::typo);
  EXPECT_EQ(analyzer().analyse("arneli.fr").look.kind, BrandMatch::Kind::homoglyph);
  EXPECT_EQ(analyzer().analyse("ame1i.fr").look.kind, BrandMatch::Kind::homoglyph);
}

TEST(ScamLinks, OrdinaryWordsAreNotBrands) {
  EXPECT_EQ(analyzer().analyse("ameliorer-sa-maison.example").look.kind, BrandMatch::Kind::none);
  EXPECT_EQ(analyzer().analyse("camelia-fleurs.example").look.kind, BrandMatch::Kind::none);
  EXPECT_EQ(analyzer().analyse("cafe-du-port.example").look.kind, BrandMatch::Kind::none);
}

TEST(ScamLinks, CyrillicHomographAndPunycode) {
  HostInfo u = analyzer().analyse("\xD0\xB0meli.fr");  // Cyrillic а
  EXPECT_TRUE(u.idn);
  EXPECT_EQ(u.ace, "xn--meli-43d.fr");
  EXPECT_EQ(u.look.kind, BrandMatch::Kind::homoglyph);
  HostInfo p = analyzer().analyse("xn--meli-43d.fr");
  EXPECT_TRUE(p.idn);
  EXPECT_EQ(p.unicode, "\xD0\xB0meli.fr");
  EXPECT_EQ(p.look.kind, BrandMatch::Kind::homoglyph);
  EXPECT_FALSE(p.official);
}

TEST(ScamLinks, OfficialDomainAtTheStartOfAForeignHost) {
  EXPECT_EQ(analyzer().analyse("ameli.fr-secure.com").trick, "ameli.fr");
  EXPECT_EQ(analyzer().analyse("ameli.fr.dossier-assure.info").trick, "ameli.fr");
  EXPECT_EQ(analyzer().analyse("x.cpam-paris.gouv.fr.com").trick, "gouv.fr");
  EXPECT_EQ(analyzer().analyse("x.cpam-paris.gouv.fr.com").registrable, "fr.com");
}

TEST(ScamLinks, RegistrableDomainUsesThePublicSuffixList) {
  EXPECT_EQ(analyzer().analyse("rdv.sh.example").registrable, "sh.example");
  EXPECT_EQ(analyzer().analyse("a.b.cybermalveillance.gouv.fr").registrable, "cybermalveillance.gouv.fr");
}

TEST(ScamLinks, DownloadsAndShorteners) {
  EXPECT_TRUE(analyzer().is_download("/download/app_v2.APK"));
  EXPECT_FALSE(analyzer().is_download("/apk/page"));
  EXPECT_TRUE(analyzer().is_shortener("bit.ly"));
  EXPECT_FALSE(analyzer().is_shortener("ameli.fr"));
}

TEST(ScamLinks, EditDistance) {
  EXPECT_EQ(edit_distance("arneli", "arnelli", 3), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting", 3), 3u);
  EXPECT_GT(edit_distance("abc", "xyzuvw", 2), 2u);
}

}  // namespace
}  // namespace mc::scam
