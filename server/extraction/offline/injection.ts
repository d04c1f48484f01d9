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
  // addressed to a machine: "Note to AI assistants", "any AI agent reading this", "[[SYSTEM OVERRIDE]]"
  /\b(?:ai|llm|automated|automatic)\s+(?:assistants?|agents?|systems?|processing|processors?|models?)\b/i,
  /\bassistant instructions?\b|\bsystem override\b|\[\[[^\]]{0,40}\]\]|<!--[^>]{0,200}-->/i,
  /\bI am (?:the|an?) (?:admin|administrator|owner|manager) (?:of|for)\b|\bconfirm with ok\b/i,
  // the same in the other languages we read
  /\b(?:ignoriere|vergiss|missachte)\b[^.!?\n]{0,40}\b(?:anweisungen|regeln|vorgaben)\b|\bdu bist (?:jetzt|nun)\b/iu,
  /\b(?:ignorez|oubliez)\b[^.!?\n]{0,40}\b(?:instructions|règles|consignes)\b|\btu es maintenant\b/iu,
  /\b(?:ignora|olvida)\b[^.!?\n]{0,40}\b(?:instrucciones|reglas|normas)\b|\beres un asistente\b/iu,
  /\b(?:negeer|vergeet)\b[^.!?\n]{0,40}\b(?:instructies|regels)\b|\bje bent nu\b/iu,
  /\b(?:ignore|ignora|esqueça)\b[^.!?\n]{0,40}\b(?:regras|instruções)\b|\binstruç(?:ão|ões) do sistema\b/iu,
  // a change for everyone: no customer asks that of their own record
  /\b(?:all|every|each)\s+(?:the\s+)?(?:customers?|clients?|contacts?|users?|accounts?|tickets?)\b|\b(?:todos los|tous les|alle|todos os|alle) (?:clientes|clients|kunden|klanten|contactos)\b/iu,
];

export function injectionSuspected(text: string): boolean {
  return injectionPatterns.some((pattern) => pattern.test(text));
}
