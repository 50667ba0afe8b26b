#include "main/demo_data.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "core/nir/nir.hpp"

namespace mc::demo {
namespace {

struct Rng {
  std::uint64_t s;
  std::uint32_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(s >> 33);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint32_t>(hi - lo + 1)); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }
};

struct Place {
  std::string insee, label, postal, city;
  std::string organisme;
};

// Zero-padded (snprintf: GCC 12 warns falsely about "0" + std::to_string under -O2/-O3).
std::string padded(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}
std::string two(int v) { return padded(v, 2); }
std::string three(int v) { return padded(v, 3); }

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Written write_demo_files(const std::string& dir, int members) {
  std::filesystem::create_directories(dir);
  Written w{dir + "/register.csv", dir + "/organismes.csv", dir + "/accounts.csv", members};

  std::ofstream org(w.organismes_csv);
  org << "code,regime,name,online_space,phone,address\n"
         "CPAM-75,general,CPAM de Paris,compte ameli,36 46,\"21 rue Georges Auric, 75948 Paris Cedex 19\"\n"
         "CPAM-69,general,CPAM du Rhône,compte ameli,36 46,\"276 cours Émile Zola, 69100 Villeurbanne\"\n"
         "CPAM-13,general,CPAM des Bouches-du-Rhône,compte ameli,36 46,\"8 rue Jules Moulet, 13006 Marseille\"\n"
         "CPAM-33,general,CPAM de la Gironde,compte ameli,36 46,\"Place de l'Europe, 33085 Bordeaux Cedex\"\n"
         "CGSS-974,general,CGSS de La Réunion,compte ameli,36 46,\"4 boulevard Doret, 97704 Saint-Denis Messag Cedex 9\"\n"
         "CRAMIF,general,CRAMIF (Île-de-France),mon compte CRAMIF,36 46,\"17-19 avenue de Flandre, 75019 Paris\"\n"
         "MSA-IDF,agricole,MSA Île-de-France,espace privé MSA,01 30 63 88 80,\"161 avenue Paul Vaillant-Couturier, 94258 Gentilly Cedex\"\n"
         "CNMSS,militaire,CNMSS (militaires),espace assuré CNMSS,04 94 16 36 00,\"247 avenue Jacques Cartier, 83090 Toulon Cedex 9\"\n"
         "ENIM,marins,ENIM (marins),espace personnel ENIM,02 51 83 20 00,\"22 rue Jean Jaurès, 44000 Nantes\"\n";
  if (!org) throw std::runtime_error("cannot write " + w.organismes_csv);

  const std::vector<std::string> family = {"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
                                           "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID",
                                           "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER",
                                           "N'DIAYE", "DA SILVA", "LE GOFF", "BENALI", "NGUYEN", "FAURE"};
  const std::vector<std::string> women = {"Marie", "Élodie", "Chloé", "Camille", "Léa", "Inès", "Maëlle", "Hélène",
                                          "Françoise", "Aïcha", "Noémie", "Zoé"};
  const std::vector<std::string> men = {"Jean", "Lucas", "Théo", "Hugo", "Jérôme", "François", "Mehdi", "Gaël",
                                        "Noël", "Jean-Pierre", "Mathéo", "Karim"};
  const std::vector<Place> places = {
      {"75112", "Paris 12e", "75012", "Paris", "CPAM-75"},     {"75118", "Paris 18e", "75018", "Paris", "CPAM-75"},
      {"69383", "Lyon 3e", "69003", "Lyon", "CPAM-69"},        {"13206", "Marseille 6e", "13006", "Marseille", "CPAM-13"},
      {"33063", "Bordeaux", "33000", "Bordeaux", "CPAM-33"},   {"97411", "Saint-Denis (La Réunion)", "97400", "Saint-Denis", "CGSS-974"},
      {"2A004", "Ajaccio", "20000", "Ajaccio", "CPAM-13"},     {"2B033", "Bastia", "20200", "Bastia", "CPAM-13"},
      {"93048", "Montreuil", "93100", "Montreuil", "CRAMIF"},  {"77288", "Melun", "77000", "Melun", "MSA-IDF"},
      {"83137", "Toulon", "83000", "Toulon", "CNMSS"},         {"44109", "Nantes", "44000", "Nantes", "ENIM"},
  };
  const std::vector<std::pair<std::string, std::string>> abroad = {{"99139", "Portugal"}, {"99350", "Maroc"}, {"99127", "Italie"}};
  const std::vector<std::string> streets = {"rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Pasteur",
                                            "allée des Tilleuls", "place de l'Église", "chemin des Vignes"};

  std::ofstream reg(w.register_csv);
  reg << "nir,sex,family_name,given_names,birth_date,birth_place_insee,birth_place_label,birth_country,address,postal_code,"
         "city,email,phone,organisme,vitale_serial,iban_last7,rights_from,rights_to,css,ald\n";
  std::ofstream acc(w.accounts_csv);
  acc << "nir,state,password,last_login\n";
  Rng rng{20261126};
  std::unordered_set<std::string> used;  // 13-digit NIRs written so far
  for (int i = 0; i < members; ++i) {
    bool woman = i % 2 == 1;
    int year = rng.range(1940, 2005);
    int month = rng.range(1, 12);
    int day = rng.range(1, 28);
    const Place& place = places[static_cast<std::size_t>(i) % places.size()];
    bool born_abroad = i % 7 == 5;
    std::string birth_code = place.insee, birth_label = place.label, country = "France";
    if (born_abroad) {
      const auto& a = abroad[static_cast<std::size_t>(i) % abroad.size()];
      birth_code = a.first;
      birth_label = a.second;
      country = a.second;
    }
    // The order number is drawn at random; one already given in the same sex, month and place of
    // birth moves to the next free one, so that NIRs stay distinct (999 per such group).
    const std::string prefix = std::string(woman ? "2" : "1") + two(year % 100) + two(month) + birth_code;
    int order = rng.range(1, 999);
    std::string d13 = prefix + three(order);
    for (int tries = 1; !used.insert(d13).second; ++tries) {
      if (tries >= 999) throw std::runtime_error("demo data: no free NIR order number left for " + prefix);
      order = order % 999 + 1;
      d13 = prefix + three(order);
    }
    std::string nir15 = d13 + two(nir::compute_key(d13));
    std::string fam = family[static_cast<std::size_t>(i) % family.size()];
    std::string given = woman ? rng.pick(women) : rng.pick(men);
    std::string email_local;
    for (char c : given + "." + fam) {
      unsigned char u = static_cast<unsigned char>(c);
      if (std::isalnum(u)) email_local += static_cast<char>(std::tolower(u));
      else if (c == '.' || c == '-' || c == ' ') email_local += c == ' ' ? '-' : c;
    }
    std::string email = i % 9 == 8 ? "" : email_local + ".demo" + std::to_string(i) + "@example.org";
    reg << nir15 << ',' << (woman ? "F" : "M") << ',' << csv_field(fam) << ',' << csv_field(given) << ',' << year << '-'
        << two(month) << '-' << two(day) << ',' << birth_code << ',' << csv_field(birth_label) << ',' << csv_field(country)
        << ',' << csv_field(std::to_string(rng.range(1, 120)) + " " + rng.pick(streets)) << ',' << place.postal << ','
        << csv_field(place.city) << ',' << email << ",06" << rng.range(10000000, 99999999) << ',' << place.organisme << ','
        << rng.range(100000000, 999999999) << ',' << rng.range(1000000, 9999999) << ",2024-01-01,2027-12-31,"
        << (i % 5 == 0 ? "yes" : "no") << ',' << (i % 6 == 0 ? "yes" : "no") << '\n';
    // Most members have an account; a few show every state (see README).
    if (i % 10 == 9) continue;  // never created
    std::string state = "active";
    if (i == 2) state = "permanently_locked";
    if (i == 3) state = "inactive";
    if (i == 4) state = "active_no_email_verified";
    acc << nir15 << ',' << state << ",Demo-" << two(i) << "-Motdepasse!," << (i == 3 ? "2023-01-15" : "2026-11-01") << '\n';
  }
  if (!reg || !acc) throw std::runtime_error("cannot write the demo files in " + dir);
  return w;
}

}  // namespace mc::demo
