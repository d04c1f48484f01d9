import type { IntentName } from "@/contracts/catalog";

/**
 * Phrases that tie a value to an intent, in English, German, French and Spanish. The classifier
 * decides whether an intent is present; these locate it in the text (evidence) and keep values
 * without any cue nearby (a phone in passing) from being proposed with high confidence.
 */
export const intentCues: Record<Exclude<IntentName, "no_change">, RegExp> = {
  update_email: new RegExp(
    [
      String.raw`\b(?:e-?mail|email address|mail address|correo|courriel|adresse (?:e-?mail|mail)|e-?mail-?adresse|mailadresse|direcci[oó]n de correo)\b`,
      String.raw`\b(?:e-?mailadres|mailadres|endereço de e-?mail)\b`,
    ].join("|"),
    "iu",
  ),
  update_phone: new RegExp(
    [
      String.raw`\b(?:phone|cell|mobile|telephone|number|tel|landline|whatsapp)\b`,
      String.raw`\b(?:reach|call|text|contact)\s+me\b`,
      String.raw`\b(?:telefon\w*|handy\w*|mobil\w*|rufnummer|nummer)\b`,
      String.raw`\b(?:num[eé]ro|t[eé]l[eé]phone|portable|mobile)\b`,
      String.raw`\b(?:n[uú]mero|tel[eé]fono|m[oó]vil|celular)\b`,
      String.raw`\b(?:telefoonnummer|nummer|mobiel|gsm|telemóvel|telemovel|telefone|número de telefone|celular|whatsapp)\b`,
    ].join("|"),
    "iu",
  ),
  update_name:
    /\b(?:name|surname|last name|nachname|name[n]?s?änderung|heiße|nom|s'appelle|nombre|apellido|me llamo)\b|\b(?:naam|achternaam|voornaam|nome|apelido|sobrenome)\b/iu,
  update_postal_address: new RegExp(
    [
      String.raw`\b(?:moved|moving|relocated|new (?:home |postal |mailing |billing )?address|postal address|mailing address|billing address|home address|address (?:has )?changed|update (?:my )?address|change (?:my )?address)\b`,
      String.raw`\b(?:umgezogen|neue (?:anschrift|adresse|postanschrift|rechnungsadresse)|adresse (?:hat sich )?geändert|anschrift|wohnadresse)\b`,
      String.raw`\b(?:déménagé|déménagement|nouvelle adresse|adresse postale|changement d'adresse|adresse de facturation)`,
      String.raw`\b(?:mudado|mudanza|nueva direcci[oó]n|direcci[oó]n postal|cambio de direcci[oó]n|direcci[oó]n de facturaci[oó]n)`,
      String.raw`\baddress\b`,
      String.raw`\b(?:verhuisd|verhuizing|nieuwe? adres|postadres|woonadres|factuuradres|adres|mudei de casa|mudei-me|nova morada|morada|novo endereço|endereço|domicilio|domicílio)\b`,
    ].join("|"),
    "iu",
  ),
  update_shipping_address: new RegExp(
    [
      String.raw`\b(?:ship(?:ping)?|deliver(?:y|ed)?|send (?:it|them|the (?:package|parcel|order)|my order)|redirect)\b`,
      String.raw`\b(?:liefer\w*|versand\w*|schicken sie|senden sie)\b`,
      String.raw`\b(?:livraison|livrer|livré|envoyer|exp[eé]di\w*)`,
      String.raw`\b(?:env[ií]o|enviar|entrega\w*|mandar)\b`,
      String.raw`\b(?:bezorg\w*|lever\w*|verzend\w*|stuur|entrega\w*|envi\w*|morada de entrega)\b`,
    ].join("|"),
    "iu",
  ),
  cancel_order:
    /\b(?:cancel\w*|stornier\w*|storno|annuler|annulez|annulation|cancelar|cancele|cancelen|anular)\b|\b(?:annuleer\w*|annuleren|cancele\w*|cancelar|cancelem|anular)\b/iu,
  change_order: new RegExp(
    [
      String.raw`\b(?:change|modify|add|remove|swap|replace|switch|update|instead of|size|colou?r|quantity)\b`,
      String.raw`\b(?:ändern|tauschen|hinzufügen|entfernen|größe|farbe|statt)\b`,
      String.raw`\b(?:modifier|changer|ajouter|retirer|remplacer|taille|couleur|au lieu)\b`,
      String.raw`\b(?:cambiar|modificar|añadir|quitar|talla|color|en lugar)\b`,
      String.raw`\b(?:wijzig\w*|aanpassen|toevoegen|verwijderen|maat|kleur|alterar|trocar|adicionar|remover|tamanho|cor)\b`,
    ].join("|"),
    "iu",
  ),
  change_subscription_plan:
    /\b(?:upgrade|downgrade|switch|change|move|plan|tier|wechseln|tarif|abo|passer|forfait|formule|cambiar|plan|pasar)\b|\b(?:abonnement|upgraden|downgraden|overstappen|plano|assinatura|mudar para|passar para)\b/iu,
  pause_subscription:
    /\b(?:paus\w*|pasue|hold|suspend\w*|freez\w*|skip|aussetzen|unterbrechen|mettre en pause|congel\w*)\b|\b(?:pauzeer\w*|pauze|stopzetten|tijdelijk|pausar|suspender|congelar)\b/iu,
  cancel_subscription:
    /\b(?:cancel\w*|end|stop|terminate|kündig\w*|beenden|résilier|résiliation|arrêter|cancelar|dar de baja|baja)\b|\b(?:opzeggen|opzegging|stopzetten|beëindigen|cancelar|encerrar|terminar|anular)\b/iu,
  marketing_subscribe:
    /\b(?:subscribe|sign me up|opt[ -]?in|newsletter|marketing|promo\w*|offers|deals|anmelden|abonnieren|inscrire|inscri\w*|suscribir\w*|apuntar)\b|\b(?:aanmelden|inschrijven|nieuwsbrief|aanbiedingen|inscrever|subscrever|newsletter|novidades|promoções)\b/iu,
  marketing_unsubscribe:
    /\b(?:unsubscribe|opt[ -]?out|stop (?:sending|emailing)|no more|remove me|take me off|newsletter|marketing|promo\w*|spam|abmelden|austragen|désinscri\w*|désabonner|darme de baja|no más|no quiero recibir)\b|\b(?:afmelden|uitschrijven|geen (?:e-?mails|mails|nieuwsbrief|reclame) meer|nieuwsbrief|descadastr\w*|cancelar a subscrição|não quero receber|deixar de receber|remover da lista)\b/iu,
  close_ticket:
    /\b(?:close|closed|resolved|solved|sorted|fixed|no longer need|schließen|erledigt|gelöst|fermer|clôturer|résolu|cerrar|resuelto|solucionado)\b|\b(?:sluiten|afsluiten|opgelost|gesloten|fechar|encerrar|resolvido|resolvida)\b/iu,
  reprioritize_ticket:
    /\b(?:priority|prioriti[sz]e|urgent|escalate|bump|asap|priorität|dringend|priorité|prioridad|urgente)\b|\b(?:prioriteit|dringend|spoed|urgent|prioridade|urgente)\b/iu,
  delete_account:
    /\b(?:delete|erase|remove|close)\b[^.!?\n]{0,30}\b(?:account|data|information|profile)\b|\b(?:account|data|profile)\b[^.!?\n]{0,20}\b(?:deleted|removed|erased|closed)\b|\b(?:gdpr|right to be forgotten|erasure)\b|\b(?:löschen|daten|konto)\b|\b(?:supprimer|effacer|rgpd)\b|\b(?:eliminar|borrar|suprimir)\b|\b(?:(?:verwijder\w*|wis)\b[^.!?\n]{0,30}\b(?:account|gegevens)|(?:apagar|eliminar|excluir)\b[^.!?\n]{0,30}\b(?:conta|dados))\b/iu,
};

const negationWords =
  /\b(?:not|never|no longer|don't|dont|do not|didn't|didnt|haven't|havent|hasn't|hasnt|isn't|isnt|won't|wont|wasn't|nothing|nicht|kein\w*|nie|niemals|pas|jamais|ne|n'|no|nunca|tampoco|nada|niet|geen|nooit|não|nao|nem)\b|n't\b/iu;

const hypotheticalWords =
  /\b(?:if|in case|might|maybe|perhaps|thinking (?:about|of)|considering|planning|plan to|next year|someday|eventually|would it be possible|is it possible|how (?:do|can|would) i|wondering|what happens|wenn|falls|vielleicht|überlege|überlegen|eventuell|si|peut-être|envisage|je pense|quizás|quizas|tal vez|estoy pensando|pensando en|me pregunto|cómo puedo|como puedo|als|misschien|overweeg|hoe kan ik|se eu|talvez|estou a pensar|estou pensando|como posso)\b/iu;

const thirdPartyWords =
  /\b(?:my\s+(?:wife|husband|partner|son|daughter|mom|mum|mother|dad|father|brother|sister|friend|colleague|coworker|boss|manager|assistant|neighbou?r|kid|child|girlfriend|boyfriend|roommate|flatmate|parents?)(?:'s|’s)?|(?:his|her|their)\s+(?:new\s+)?(?:number|phone|email|e-mail|address|name)|(?:meine?r?|meines)\s+(?:frau|mann|partner\w*|tochter|sohnes|sohn|mutter|vaters?|kollegen?|kollegin|freundin|freundes?|schwester|bruders?)|(?:ma|mon)\s+(?:femme|mari|fils|fille|mère|père|collègue|amie?|sœur|frère)|(?:mi)\s+(?:esposa|esposo|marido|mujer|hijo|hija|madre|padre|colega|amig[oa]|herman[oa])|(?:meines|meiner)\s+(?:mannes|frau|sohnes|tochter|mutter|vaters|partners|partnerin|kollegen|kollegin)|(?:a\s+)?(?:minha|meu)\s+(?:mãe|mae|pai|marido|mulher|esposa|esposo|filh[oa]|irm[ãa]o?|colega|amig[oa])|mijn\s+(?:vrouw|man|moeder|vader|zoon|dochter|partner|collega|vriend(?:in)?)|(?:ela|ele)\s+tem\b|(?:er|sie)\s+hat\s+ein\s+eigenes)\b/iu;

const notThirdParty = /\b(?:and i|and me|& i|und ich|et moi|y yo)\b/iu;

const oldValueBefore =
  /\b(?:old|previous|former|still|from(?! now)|noch|weiterhin|toujours|encore|sigue siendo|todavía|instead of|replace|replacing|was|alte[rn]?|bisherige[rn]?|statt|anstelle von|war|von|ancien(?:ne)?|au lieu de|était|antigu[oa]|anterior|en lugar de|era)\b(?:(?!\b(?:to|into|auf|zu|in|à|a|al|por|par|pour|with|now|is)\b)[^.!?\n\d@]){0,25}$/iu;

const correctionBefore =
  /\b(?:sorry|i mean|i meant|correction|actually|oops|typo|make that|rather|should be|should read|wrong|korrektur|ich meine|meinte|entschuldigung|pardon|je veux dire|plutôt|désolé|perdón|perdon|quise decir|quiero decir|mejor dicho|corrijo)\b[^.!?\n]{0,40}$/iu;

// clause boundaries: a negation or condition in another clause does not reach the cue
const clauseBreak = /[,;:.!?\n]|\b(?:but|and|however|aber|mais|pero|sino)\b/giu;

function clauseBefore(text: string, offset: number, reach = 80): string {
  const window = text.slice(Math.max(0, offset - reach), offset);
  let last = 0;
  for (const match of window.matchAll(clauseBreak)) last = match.index + match[0].length;
  return window.slice(last);
}

export function isNegatedAt(text: string, offset: number): boolean {
  return negationWords.test(clauseBefore(text, offset));
}

export function isHypotheticalAt(text: string, sentenceStart: number, offset: number): boolean {
  return hypotheticalWords.test(text.slice(sentenceStart, offset));
}

export function isThirdPartyAt(text: string, sentenceStart: number, offset: number): boolean {
  const before = text.slice(Math.max(sentenceStart, offset - 80), offset);
  return thirdPartyWords.test(before) && !notThirdParty.test(before);
}

export function isOldValueAt(text: string, offset: number): boolean {
  return oldValueBefore.test(text.slice(Math.max(0, offset - 40), offset));
}

export function isCorrectionAt(text: string, offset: number): boolean {
  return correctionBefore.test(text.slice(Math.max(0, offset - 60), offset));
}
