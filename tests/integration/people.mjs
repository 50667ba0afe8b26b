// The members of the integration fixtures, one per role a test plays, so that no two tests spend
// the same account's tries. fixtures/*.csv are written from this list by fixtures/make_fixtures.mjs
// (login_fixtures.test.mjs checks that they are in sync).
import { withKey } from './nir.mjs';

export const organismes = [
  // code, regime, name, online_space, phone
  ['CPAM-75', 'general', 'CPAM de Paris', 'compte ameli', '36 46'],
  ['CPAM-13', 'general', 'CPAM des Bouches-du-Rhône', 'compte ameli', '36 46'],
  ['CPAM-2A', 'general', 'CPAM de la Corse-du-Sud', 'compte ameli', '36 46'],
  ['CPAM-69', 'general', 'CPAM du Rhône', 'compte ameli', '36 46'],
  ['CGSS-974', 'general', 'CGSS de La Réunion', 'compte ameli', '36 46'],
  ['MSA-IDF', 'agricole', 'MSA Île-de-France', 'espace privé MSA', '01 30 63 88 80'],
  ['ENIM', 'marins', 'ENIM (marins)', 'espace personnel ENIM', '02 51 83 20 00'],
];

// [role, nir13, sex, family_name, given_names, birth_date, insee, place label, country, organisme, account state | null]
const rows = [
  // The seed's walk and its variants.
  ['walk', '1800575115001', 'M', 'MARTIN', 'Lucas', '1980-05-14', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['reset', '2911113055002', 'F', 'BERNARD', 'Léa', '1991-11-02', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['locked_correct', '1770269383003', 'M', 'DUBOIS', 'François', '1977-02-20', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
  ['third_correct', '1790313055038', 'M', 'LEFEBVRE', 'Marc', '1979-03-27', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['sixth_correct', '2800469383039', 'F', 'MICHEL', 'Sophie', '1980-04-28', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
  ['together', '1810575115040', 'M', 'DAVID', 'Olivier', '1981-05-29', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['nir_not_counted', '2850875115004', 'F', 'THOMAS', 'Chloé', '1985-08-09', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['key15', '1931013055005', 'M', 'ROBERT', 'Noé', '1993-10-30', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  // State answers, given only after a correct password.
  ['inactive', '1550375115006', 'M', 'PETIT', 'René', '1955-03-03', '75115', 'Paris 15e', 'France', 'CPAM-75', 'inactive'],
  ['other_space', '2680491102007', 'F', 'DURAND', 'Geneviève', '1968-04-17', '91102', 'Chamarande', 'France', 'MSA-IDF', 'active'],
  ['other_space_enim', '1720529019008', 'M', 'LE BRIS', 'Yannick', '1972-05-05', '29019', 'Brest', 'France', 'ENIM', 'active'],
  // Active in the file, but not signed in for more than 24 months: inactive by age (SPEC §3).
  ['dormant', '1581113055037', 'M', 'CLÉMENT', 'Pascal', '1958-11-24', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['pending', '2990175115009', 'F', 'LEROY', 'Inès', '1999-01-21', '75115', 'Paris 15e', 'France', 'CPAM-75', 'pending'],
  ['perm_locked', '1600613055010', 'M', 'MOREAU', 'Jean-Marc', '1960-06-12', '13055', 'Marseille', 'France', 'CPAM-13', 'permanently_locked'],
  // Identity numbers: Corsica, abroad, unknown month, key 97.
  ['corse_2a', '275062A004011', 'F', 'SANTONI', 'Marie-Ange', '1975-06-28', '2A004', 'Ajaccio', 'France', 'CPAM-2A', 'active'],
  ['corse_2b', '162092B033012', 'M', 'CASANOVA', 'Dominique', '1962-09-01', '2B033', 'Bastia', 'France', 'CPAM-2A', 'active'],
  ['abroad', '1700499350013', 'M', 'EL AMRANI', 'Youssef', '1970-04-15', '99350', 'Maroc', 'Maroc', 'CPAM-69', 'active'],
  ['month_unknown', '1412097411014', 'M', 'HOARAU', 'Joseph', '1941-01-01', '97411', 'Saint-Denis (La Réunion)', 'France', 'CGSS-974', 'active'],
  ['key97', '2840431555089', 'F', 'ROUX', 'Aurélie', '1984-04-19', '31555', 'Toulouse', 'France', 'CPAM-13', 'active'],
  // Enumeration: answers for a wrong password must equal those for a NIR with no account.
  ['enum_account', '2880759350015', 'F', 'LAMBERT', 'Camille', '1988-07-23', '59350', 'Lille', 'France', 'CPAM-75', 'active'],
  ['enum_inactive', '1520775115016', 'M', 'FAURE', 'Gérard', '1952-07-07', '75115', 'Paris 15e', 'France', 'CPAM-75', 'inactive'],
  ['enum_other_space', '2710391102017', 'F', 'GIRARD', 'Brigitte', '1971-03-11', '91102', 'Chamarande', 'France', 'MSA-IDF', 'active'],
  ['enum_no_account', '1660293048018', 'M', 'BONNET', 'Éric', '1966-02-26', '93048', 'Montreuil', 'France', 'CPAM-75', null],
  ['no_account', '2010675115019', 'F', 'FRANÇOIS', 'Zoé', '2001-06-16', '75115', 'Paris 15e', 'France', 'CPAM-75', null],
  ['timing_1', '1810175115020', 'M', 'MERCIER', 'Hugo', '1981-01-05', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['timing_2', '2820213055021', 'F', 'BLANC', 'Jade', '1982-02-06', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['timing_3', '1830369383022', 'M', 'GUERIN', 'Louis', '1983-03-07', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
  ['timing_4', '2840475115023', 'F', 'BOYER', 'Lina', '1984-04-08', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['timing_5', '1850513055024', 'M', 'GARNIER', 'Jules', '1985-05-09', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['timing_noacc_1', '2860675115025', 'F', 'CHEVALIER', 'Rose', '1986-06-10', '75115', 'Paris 15e', 'France', 'CPAM-75', null],
  ['timing_noacc_2', '1870713055026', 'M', 'FRANCOIS', 'Adam', '1987-07-11', '13055', 'Marseille', 'France', 'CPAM-13', null],
  ['timing_noacc_3', '2880869383027', 'F', 'LEGRAND', 'Alice', '1988-08-12', '69383', 'Lyon 3e', 'France', 'CPAM-69', null],
  // Concurrency.
  ['burst', '1900975115028', 'M', 'GAUTHIER', 'Raphaël', '1990-09-13', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['multi_burst', '2911013055029', 'F', 'GARCIA', 'Emma', '1991-10-14', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['multi_walk', '1921169383030', 'M', 'PERRIN', 'Arthur', '1992-11-15', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
  // Sessions, pages, robustness.
  ['session', '2931275115031', 'F', 'ROUSSEAU', 'Anaïs', '1993-12-16', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['session_idle', '1940113055032', 'M', 'MOREL', 'Gabriel', '1994-01-17', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['session_abs', '2820675115041', 'F', 'BERTRAND', 'Manon', '1982-06-30', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['html_ok', '2950269383033', 'F', 'FOURNIER', 'Hélène', '1995-02-18', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
  ['html_wrong', '1960375115034', 'M', 'LAMBERT', 'Théo', '1996-03-19', '75115', 'Paris 15e', 'France', 'CPAM-75', 'active'],
  ['robust', '2970413055035', 'F', 'FONTAINE', 'Maëlys', '1997-04-20', '13055', 'Marseille', 'France', 'CPAM-13', 'active'],
  ['metrics', '1980569383036', 'M', 'ROUSSEL', 'Nathan', '1998-05-21', '69383', 'Lyon 3e', 'France', 'CPAM-69', 'active'],
];

// Last sign-in dates; the others are left empty (the account counts as created at import time, so
// it never turns inactive by age whatever the date the suite runs).
const lastLogin = { dormant: '2020-01-15' };

function postalCode(insee) {
  if (insee.startsWith('2A')) return '20000';
  if (insee.startsWith('2B')) return '20200';
  if (insee.startsWith('97')) return `${insee.slice(0, 3)}00`;
  if (insee.startsWith('99')) return '75015';
  return `${insee.slice(0, 2)}000`;
}

function password(role, i) {
  // Policy-compliant (upper, lower, digit/special, 8–64), unique per member, never the NIR or date.
  return `Tilleul-${String(i + 1).padStart(2, '0')}-${role.replace(/_/g, '')}!`;
}

export const people = Object.fromEntries(
  rows.map((r, i) => {
    const [role, nir13, sex, family_name, given_names, birth_date, insee, place, country, organisme, state] = r;
    return [
      role,
      {
        role,
        nir13,
        nir15: withKey(nir13),
        sex,
        family_name,
        given_names,
        birth_date,
        birth_place_insee: insee,
        birth_place_label: place,
        birth_country: country,
        address: `${10 + i} rue des Lilas`,
        postal_code: postalCode(insee),
        city: insee.startsWith('99') ? 'Paris' : place,
        email: `${role.replace(/_/g, '.')}@example.org`,
        phone: `06${String(10000000 + i * 137).padStart(8, '0')}`,
        organisme,
        vitale_serial: String(700000000 + i * 101),
        iban_last7: String(1000000 + i * 7919).slice(0, 7),
        state,
        last_login: lastLogin[role] ?? '',
        password: state ? password(role, i) : null,
      },
    ];
  }),
);

// Well-formed NIRs that are in no file at all (sex 1/2, valid places, orders never used above).
export const unregistered = ['1790175115901', '2800213055902', '1810369383903', '2820475115904', '1830513055905'].map(
  (n) => ({ nir13: n, nir15: withKey(n) }),
);
