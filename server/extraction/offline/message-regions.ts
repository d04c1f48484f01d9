/**
 * The parts of a message that carry the sender's new words. Quoted reply history and signatures
 * are not instructions: "> please change my email to x" quoted from an earlier mail, or the phone
 * number under someone's name, must never become a proposal. Offsets stay those of the original
 * text so evidence spans point into what the reviewer sees.
 */
export type Region = { start: number; end: number };

const historyStarts: RegExp[] = [
  /^\s*on\b.{0,120}\bwrote:\s*$/i,
  /^\s*on\s.{0,80}$/i, // first line of a wrapped "On Mon, ... \n <x@y> wrote:"
  /^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*am\s.{0,120}\bschrieb\b.{0,80}:\s*$/i,
  /^\s*le\s.{0,120}\ba écrit\s*:\s*$/i,
  /^\s*el\s.{0,120}\bescribió\s*:\s*$/i,
  /^\s*(?:from|von|de|de :)\s*:.*$/i,
];

const signatureStarts: RegExp[] = [
  /^\s*--\s*$/,
  /^\s*(?:sent from my|envoyé de mon|von meinem|enviado desde mi)\b.*$/i,
  /^\s*(?:best|best regards|kind regards|warm regards|regards|many thanks|thanks( again| so much| a lot)?|thank you( so much)?|cheers|sincerely|yours sincerely|yours truly|br|all the best|take care|danke|danke schön|vielen dank|mit freundlichen grüßen|freundliche grüße|viele grüße|liebe grüße|beste grüße|grüße|mfg|lg|cordialement|bien cordialement|bien à vous|merci( beaucoup)?|salutations|bonne journée|saludos|un saludo|saludos cordiales|atentamente|muchas gracias|gracias)\s*[,.!]*\s*$/i,
];

// a line with one of these after a closing is still the message ("Thanks! Also, please cancel...")
const requestWords =
  /\b(?:please|pls|plz|cancel|change|update|also|p\.s\.|ps|bitte|ändern|stornieren|annuler|changer|merci de|cancelar|cambiar|por favor)\b/i;

function lines(text: string): Region[] {
  const result: Region[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      result.push({ start, end: i });
      start = i + 1;
    }
  }
  return result;
}

function isHistoryStart(line: string, next: string | undefined): boolean {
  const wrappedOn = /^\s*on\s.{0,80}$/i.test(line) && !/wrote:\s*$/i.test(line);
  if (wrappedOn) return next !== undefined && /wrote:\s*$/i.test(next);
  const from = /^\s*(?:from|von|de)\s*:/i.test(line);
  if (from)
    return next !== undefined && /^\s*(?:sent|date|gesendet|envoyé|enviado|to|an|à|para)\s*:/i.test(next);
  return historyStarts.some((pattern) => pattern.test(line));
}

/** Live regions of a message: everything before quoted history and the signature, minus `>` lines. */
export function findLiveRegions(text: string): Region[] {
  const all = lines(text);
  let cut = all.length;
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    if (!line) continue;
    const content = text.slice(line.start, line.end);
    const next = all[i + 1];
    if (isHistoryStart(content, next ? text.slice(next.start, next.end) : undefined)) {
      cut = i;
      break;
    }
  }
  // A closing or a signature separator ends the body when it follows some body text and only a
  // few short lines come after it (a name, a title, a phone number).
  const bodyHasText = (upTo: number) =>
    all.slice(0, upTo).some((l) => text.slice(l.start, l.end).trim().length > 0);
  for (let i = 0; i < cut; i++) {
    const line = all[i];
    if (!line) continue;
    const content = text.slice(line.start, line.end);
    if (!signatureStarts.some((pattern) => pattern.test(content)) || !bodyHasText(i)) continue;
    const rest = all.slice(i + 1, cut).filter((l) => text.slice(l.start, l.end).trim().length > 0);
    const looksLikeSignature = rest.every(
      (l) => l.end - l.start <= 80 && !requestWords.test(text.slice(l.start, l.end)),
    );
    if (rest.length <= 8 && looksLikeSignature) {
      cut = i;
      break;
    }
  }
  const regions: Region[] = [];
  for (const line of all.slice(0, cut)) {
    if (/^\s*>/.test(text.slice(line.start, line.end))) continue;
    const last = regions[regions.length - 1];
    // adjacent live lines merge (the newline between them stays inside the region)
    if (last && last.end + 1 >= line.start) last.end = line.end;
    else regions.push({ start: line.start, end: line.end });
  }
  return regions.filter((r) => text.slice(r.start, r.end).trim().length > 0);
}

export function isInRegions(regions: Region[], start: number, end: number): boolean {
  return regions.some((r) => start >= r.start && end <= r.end);
}

/** The live text with everything else blanked to spaces, so offsets are unchanged. */
export function maskToRegions(text: string, regions: Region[]): string {
  let masked = "";
  let position = 0;
  for (const region of regions) {
    masked += text.slice(position, region.start).replace(/[^\n]/g, " ");
    masked += text.slice(region.start, region.end);
    position = region.end;
  }
  masked += text.slice(position).replace(/[^\n]/g, " ");
  return masked;
}
