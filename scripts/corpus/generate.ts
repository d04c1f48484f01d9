import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IntentName } from "@/contracts/catalog";
import { addTypos, fillTemplate, wrap, type Body, type ExpectedChange, type Style } from "./compose";
import { createRandom, orderNumber, phoneNumber, type Lang, type Random } from "./fillers";
import { injectionTemplates, intentTemplates, noChangeTemplates, type TemplateSet } from "./templates";

/**
 * Writes data/corpus/{train,dev,test}.jsonl. Deterministic: the same seed gives byte-identical
 * files, so the committed corpus can be regenerated and reviewed. Run:
 *   node --import tsx scripts/corpus/generate.ts
 */
export type CorpusExample = {
  id: string;
  split: "train" | "dev" | "test";
  lang: Lang;
  style: Style;
  register: "native" | "nonnative" | "agent";
  text: string;
  intents: IntentName[];
  changes: ExpectedChange[];
  tags: string[];
};

const seed = 20260401;
const quotas: Record<Exclude<IntentName, "no_change">, number> = {
  update_phone: 176,
  update_email: 160,
  update_postal_address: 160,
  update_shipping_address: 144,
  cancel_order: 144,
  cancel_subscription: 112,
  marketing_unsubscribe: 112,
  update_name: 72,
  change_order: 72,
  change_subscription_plan: 80,
  pause_subscription: 72,
  marketing_subscribe: 72,
  close_ticket: 72,
  reprioritize_ticket: 72,
  delete_account: 72,
};
const noChangeCount = 600;
const multiCount = 260;
const injectionCount = 60;

type Register = CorpusExample["register"];

function chooseSet(
  random: Random,
  set: TemplateSet,
): { lang: Lang; register: Register; templates: string[] } {
  const options: { lang: Lang; register: Register; templates: string[]; weight: number }[] = [];
  if (set.en) options.push({ lang: "en", register: "native", templates: set.en, weight: 45 });
  if (set.nonnative)
    options.push({ lang: "en", register: "nonnative", templates: set.nonnative, weight: 12 });
  if (set.agent) options.push({ lang: "en", register: "agent", templates: set.agent, weight: 10 });
  for (const lang of ["de", "fr", "es"] as const) {
    const templates = set[lang];
    if (templates) options.push({ lang, register: "native", templates, weight: 11 });
  }
  const total = options.reduce((sum, o) => sum + o.weight, 0);
  let roll = random.next() * total;
  for (const option of options) {
    roll -= option.weight;
    if (roll <= 0) return option;
  }
  const last = options.at(-1);
  if (!last) throw new Error("empty template set");
  return last;
}

function chooseStyle(random: Random, register: Register): Style {
  if (register === "agent") return "ticket";
  const roll = random.next();
  return roll < 0.4 ? "email" : roll < 0.75 ? "chat" : "plain";
}

function prepare(random: Random, template: string, style: Style): string {
  // chat writers skip capitals and make typos in their own words; pasted values keep their case
  if (style !== "chat") return template;
  const typed = addTypos(random, template, 0.08);
  return random.chance(0.6) ? typed.toLowerCase().replace(/[.!]$/, "") : typed;
}

function singleBody(random: Random, intent: IntentName, set: TemplateSet) {
  const { lang, register, templates } = chooseSet(random, set);
  const style = chooseStyle(random, register);
  const template = random.pick(templates);
  return {
    lang,
    register,
    style,
    template,
    body: fillTemplate(random, prepare(random, template, style), intent, lang),
  };
}

const compatiblePairs: [IntentName, IntentName][] = [
  ["update_phone", "update_email"],
  ["update_phone", "cancel_order"],
  ["update_email", "update_postal_address"],
  ["update_postal_address", "marketing_unsubscribe"],
  ["cancel_order", "update_email"],
  ["update_phone", "update_postal_address"],
  ["cancel_subscription", "marketing_unsubscribe"],
  ["update_name", "update_email"],
  ["change_subscription_plan", "update_phone"],
  ["close_ticket", "marketing_unsubscribe"],
  ["update_shipping_address", "update_phone"],
  ["pause_subscription", "update_email"],
];
const connectors: Record<Lang, string[]> = {
  en: [" Also, ", "\n\nAlso ", " And ", "\nOne more thing: ", " Plus "],
  de: [" Außerdem: ", "\nUnd: "],
  fr: [" Aussi, ", "\nEt "],
  es: [" Además, ", "\nY "],
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function multiBody(random: Random) {
  const [first, second] = random.pick(compatiblePairs);
  const lang: Lang = random.chance(0.75) ? "en" : random.pick(["de", "fr", "es"] as const);
  const pickTemplate = (intent: IntentName) => {
    const set = intentTemplates[intent as Exclude<IntentName, "no_change">];
    return random.pick(set[lang] ?? set.en ?? []);
  };
  const style: Style = random.chance(0.5) ? "email" : random.chance(0.5) ? "chat" : "plain";
  const a = fillTemplate(random, prepare(random, pickTemplate(first), style), first, lang);
  const b = fillTemplate(random, prepare(random, pickTemplate(second), style), second, lang);
  const connector = random.pick(connectors[lang]);
  const text = `${a.text}${connector}${/[ ,:]$/.test(connector) ? lowerFirst(b.text) : b.text}`;
  const body: Body = { text, intents: [first, second], changes: [...a.changes, ...b.changes] };
  return { lang, style, body };
}

function fillNoChange(random: Random, template: string, lang: Lang): Body {
  const filled = fillTemplate(random, template, "no_change", lang);
  return { text: filled.text, intents: ["no_change"], changes: [] };
}

export function generateCorpus(): CorpusExample[] {
  const random = createRandom(seed);
  const examples: Omit<CorpusExample, "id" | "split">[] = [];
  for (const [intent, count] of Object.entries(quotas) as [Exclude<IntentName, "no_change">, number][]) {
    for (let i = 0; i < count; i++) {
      const { lang, register, style, template, body } = singleBody(random, intent, intentTemplates[intent]);
      const wrapped = wrap(random, body.text, style, lang);
      const tags = [...wrapped.tags];
      if (/\{old(phone|email)\}/.test(template))
        tags.push(/sorry|typo|mean/i.test(template) ? "correction" : "old-value");
      examples.push({
        lang,
        style,
        register,
        text: wrapped.text,
        intents: body.intents,
        changes: body.changes,
        tags,
      });
    }
  }
  for (let i = 0; i < multiCount; i++) {
    const { lang, style, body } = multiBody(random);
    const wrapped = wrap(random, body.text, style, lang);
    examples.push({
      lang,
      style,
      register: "native",
      text: wrapped.text,
      intents: body.intents,
      changes: body.changes,
      tags: ["multi-intent", ...wrapped.tags],
    });
  }
  for (let i = 0; i < noChangeCount; i++) {
    const lang: Lang = random.chance(0.7) ? "en" : random.pick(["de", "fr", "es"] as const);
    const nonnative = lang === "en" && random.chance(0.1);
    const templates = (nonnative ? noChangeTemplates.nonnative : noChangeTemplates[lang]) ?? [];
    const style: Style = random.chance(0.4) ? "email" : random.chance(0.5) ? "chat" : "plain";
    const body = fillNoChange(random, prepare(random, random.pick(templates), style), lang);
    const wrapped = wrap(random, body.text, style, lang);
    examples.push({
      lang,
      style,
      register: nonnative ? "nonnative" : "native",
      text: wrapped.text,
      intents: ["no_change"],
      changes: [],
      tags: ["hard-negative", ...wrapped.tags],
    });
  }
  for (let i = 0; i < injectionCount; i++) {
    const template = random.pick(injectionTemplates);
    const text = template
      .replace("{email}", `attacker${random.int(1, 999)}@evil.example`)
      .replace("{phone}", phoneNumber(random, "en").written)
      .replace("{order}", orderNumber(random));
    const wrapped = wrap(random, text, random.chance(0.5) ? "email" : "plain", "en");
    // an attempt to instruct the system is not a customer's request: nothing may be proposed
    examples.push({
      lang: "en",
      style: "plain",
      register: "native",
      text: wrapped.text,
      intents: ["no_change"],
      changes: [],
      tags: ["injection", ...wrapped.tags],
    });
  }
  // fixed split: shuffle once with the seed, then 60 / 20 / 20
  const order = examples.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.map((index, position) => {
    const example = examples[index] as Omit<CorpusExample, "id" | "split">;
    const fraction = position / order.length;
    const split = fraction < 0.6 ? "train" : fraction < 0.8 ? "dev" : "test";
    return { id: `c${String(index + 1).padStart(4, "0")}`, split, ...example };
  });
}

function main() {
  const corpus = generateCorpus();
  const directory = path.join(process.cwd(), "data", "corpus");
  mkdirSync(directory, { recursive: true });
  for (const split of ["train", "dev", "test"] as const) {
    const rows = corpus.filter((e) => e.split === split).sort((a, b) => a.id.localeCompare(b.id));
    writeFileSync(
      path.join(directory, `${split}.jsonl`),
      rows.map((row) => JSON.stringify(row)).join("\n") + "\n",
    );
    console.log(`${split}: ${rows.length} messages`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
