import * as chrono from "chrono-node";
import type { Mention } from "./recognizers";
import type { Language } from "./text-tools";

const parsers: Record<Language, chrono.Chrono> = {
  en: chrono.en.casual,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  nl: chrono.nl.casual,
  pt: chrono.pt.casual,
};

/**
 * Dates in the message ("until next month", "bis zum 1. Mai"), resolved against the time the
 * message was received, as ISO dates. No catalog field holds a date yet; they go into the
 * rationale so a reviewer sees "pause until 2026-05-01" at a glance.
 */
export function findDates(text: string, language: Language, receivedAt: Date): Mention<string>[] {
  return parsers[language].parse(text, receivedAt, { forwardDate: true }).map((result) => ({
    value: result.start.date().toISOString().slice(0, 10),
    start: result.index,
    end: result.index + result.text.length,
    raw: result.text,
  }));
}
