/**
 * Country names and codes the address recognizer understands, in the languages of the corpus.
 * Keys are lower-case, without dots, so "U.S.A." and "usa" both match.
 */
const countryNames: Record<string, string> = {
  us: "US",
  usa: "US",
  "united states": "US",
  "united states of america": "US",
  america: "US",
  "estados unidos": "US",
  "états-unis": "US",
  "etats-unis": "US",
  "vereinigte staaten": "US",
  uk: "GB",
  gb: "GB",
  "united kingdom": "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "royaume-uni": "GB",
  "reino unido": "GB",
  großbritannien: "GB",
  canada: "CA",
  kanada: "CA",
  canadá: "CA",
  australia: "AU",
  australien: "AU",
  australie: "AU",
  germany: "DE",
  deutschland: "DE",
  allemagne: "DE",
  alemania: "DE",
  de: "DE",
  france: "FR",
  frankreich: "FR",
  francia: "FR",
  fr: "FR",
  spain: "ES",
  españa: "ES",
  espana: "ES",
  spanien: "ES",
  espagne: "ES",
  es: "ES",
  italy: "IT",
  italia: "IT",
  italien: "IT",
  italie: "IT",
  austria: "AT",
  österreich: "AT",
  autriche: "AT",
  switzerland: "CH",
  schweiz: "CH",
  suisse: "CH",
  suiza: "CH",
  netherlands: "NL",
  "the netherlands": "NL",
  nederland: "NL",
  "pays-bas": "NL",
  "países bajos": "NL",
  niederlande: "NL",
  belgium: "BE",
  belgique: "BE",
  belgien: "BE",
  bélgica: "BE",
  ireland: "IE",
  irlande: "IE",
  irland: "IE",
  portugal: "PT",
  mexico: "MX",
  méxico: "MX",
  mexique: "MX",
};

const isoCodes = new Set(Object.values(countryNames));

/** ISO 3166-1 alpha-2 code for a country name or code, or undefined. */
export function countryCode(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/\./g, "").replace(/\s+/g, " ");
  if (countryNames[key]) return countryNames[key];
  const upper = key.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && isoCodes.has(upper)) return upper;
  return undefined;
}

/** A regex source matching any known country name (longest first), for use after a postal code. */
export const countryNamePattern = Object.keys(countryNames)
  .filter((name) => name.length > 2)
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"))
  .join("|");

export const usStates = new Set(
  (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD " +
    "TN TX UT VT VA WA WV WI WY DC"
  ).split(" "),
);

export const canadianProvinces = new Set("AB BC MB NB NL NS NT NU ON PE QC SK YT".split(" "));

export const australianStates = new Set("NSW VIC QLD WA SA TAS ACT NT".split(" "));
