export type Language = "en" | "de" | "fr" | "es";

const stopwords: Record<Language, string[]> = {
  en: [
    "the",
    "my",
    "is",
    "and",
    "to",
    "please",
    "i",
    "you",
    "it",
    "for",
    "new",
    "of",
    "a",
    "me",
    "thanks",
    "hi",
    "order",
  ],
  de: [
    "ich",
    "meine",
    "mein",
    "ist",
    "und",
    "die",
    "der",
    "das",
    "bitte",
    "neue",
    "sie",
    "nicht",
    "mit",
    "danke",
    "hallo",
    "ändern",
    "bestellung",
    "meinen",
    "auf",
    "für",
    "guten",
    "tag",
    "lautet",
    "grüße",
    "außerdem",
  ],
  fr: [
    "je",
    "mon",
    "ma",
    "est",
    "et",
    "le",
    "la",
    "les",
    "merci",
    "nouvelle",
    "nouveau",
    "vous",
    "pas",
    "bonjour",
    "commande",
    "mes",
    "numéro",
    "adresse",
    "à",
    "cette",
    "votre",
    "j'ai",
    "suis",
    "madame",
    "monsieur",
  ],
  es: [
    "mi",
    "es",
    "y",
    "el",
    "la",
    "los",
    "por",
    "favor",
    "gracias",
    "nueva",
    "nuevo",
    "hola",
    "que",
    "no",
    "pedido",
    "quiero",
    "mis",
    "ahora",
    "he",
    "del",
    "número",
    "dirección",
    "correo",
    "cambiar",
    "mudado",
    "suscripción",
    "cuenta",
    "estimados",
    "señores",
  ],
};

const lookup = new Map<string, Language[]>();
for (const [language, words] of Object.entries(stopwords) as [Language, string[]][]) {
  for (const word of words) lookup.set(word, [...(lookup.get(word) ?? []), language]);
}

/** Language by stopword counts; English unless another language clearly wins. */
export function detectLanguage(text: string): Language {
  const counts: Record<Language, number> = { en: 0, de: 0, fr: 0, es: 0 };
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    for (const language of lookup.get(word) ?? []) counts[language]++;
  }
  if (/[äöüß]/i.test(text)) counts.de += 2;
  // é is shared; these are not
  if (/[èêàçùûôîëœ]/i.test(text)) counts.fr += 2;
  if (/[ñ¿¡áíóú]/i.test(text)) counts.es += 2;
  let best: Language = "en";
  for (const language of ["de", "fr", "es"] as const) {
    if (counts[language] > counts[best] + 1) best = language;
  }
  return best;
}

export const regionOfLanguage: Record<Language, string> = { en: "US", de: "DE", fr: "FR", es: "ES" };

export type Sentence = { start: number; end: number; text: string };

// abbreviations whose dot does not end a sentence
const abbreviation =
  /\b(?:st|ave|rd|blvd|apt|no|nr|dr|mr|mrs|ms|ln|ct|str|av|avda|pl|sq|hwy|pkwy|e\.g|i\.e|approx|inc|ltd|co|jr|sr|vs|etc|tel|ca|bzw|z\.b|d\.h|u\.s|n[ºo°])\.$/i;

/** Sentences (and lines) with their offsets in the text; blank-masked text yields nothing there. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length > 0)
      sentences.push({ start: start + leading, end: start + leading + trimmed.length, text: trimmed });
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") {
      push(i);
      start = i + 1;
    } else if ((char === "." || char === "!" || char === "?") && /\s/.test(text[i + 1] ?? " ")) {
      // "St." and ordinals ("2. OG") do not end a sentence; "order 612839. Also" does
      if (
        char === "." &&
        (abbreviation.test(text.slice(Math.max(0, i - 6), i + 1)) ||
          /(?<!\d)\d{1,2}$/.test(text.slice(Math.max(0, i - 4), i)))
      )
        continue;
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.length);
  return sentences;
}

export function sentenceAt(sentences: Sentence[], offset: number): number {
  return sentences.findIndex((s) => offset >= s.start && offset < s.end);
}
