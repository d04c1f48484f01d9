/**
 * Wording aimed at an automated system rather than at a support team. Such a message never yields
 * a change: whatever it asks goes to a person as an ordinary message, and nothing in it can reach
 * the records on its own. (The catalog and the policy bound what any extractor output can do;
 * this only keeps the offline extractor from proposing what an attacker typed.)
 */
const injectionPatterns: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:instructions?|rules|polic(?:y|ies)|prompt|guidelines|previous|prior|above)\b/i,
  /\b(?:system|assistant|developer)\s*(?:prompt|message)?\s*:/i,
  /\byou are now\b|\badmin(?:istrator)? mode\b|\bjailbreak\b/i,
  /<\/?\s*(?:message|system|instructions?|user|assistant)\s*>/i,
  /\bwith confidence\s*(?:1(?:\.0+)?|100\s*%)/i,
  /\b(?:apply|approve)\b[^.!?\n]{0,30}\bwithout (?:review|approval|a person)\b/i,
  /\bevery (?:customer|user|account)'?s?\b/i,
  /\bcontact\.(?:status|email|phone|name)\b|\border\.status\b/i,
];

export function injectionSuspected(text: string): boolean {
  return injectionPatterns.some((pattern) => pattern.test(text));
}
