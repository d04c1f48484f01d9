import { fill, isNoticeLanguage, type NoticeLanguage } from "./templates";
import type { Notice } from "./compose";

/** What the reply asks for: a catalog field the message lacks, or the record it did not name. */
export type MissingItem = { field: string } | { reference: "order" | "subscription" | "ticket" };

type Wording = {
  subject: string;
  greeting: string;
  intro: string;
  /** used when we cannot say exactly what is missing (a flagged message, an unusable value) */
  unclear: string;
  closing: string;
  signature: string;
  /** how the customer would name each thing we ask for */
  items: Record<string, string>;
};

// The four languages the customer notices have wording for; any other language gets English.
const wordings: Record<NoticeLanguage, Wording> = {
  en: {
    subject: "We need a little more information",
    greeting: "Hello {name},",
    intro: "thank you for your message. To make the change you asked for, we need:",
    unclear:
      "thank you for your message. We could not tell exactly what you would like us to change. Could you tell us, with the new details?",
    closing: "Just reply to this message and we will take care of it.",
    signature: "Your support team",
    items: {
      "contact.email": "your new email address",
      "contact.phone": "your new phone number",
      "contact.name": "your full name as it should appear",
      "contact.postalAddress": "your new postal address (street, postcode, city and country)",
      "contact.shippingAddress": "the shipping address to use (street, postcode, city and country)",
      "order.shippingAddress": "the new shipping address for the order",
      "order.changeRequest": "what you would like changed in the order",
      "subscription.plan": "the plan you would like to switch to",
      order: "the number of the order you mean",
      subscription: "which subscription you mean",
      ticket: "the number of the ticket you mean",
    },
  },
  de: {
    subject: "Wir benötigen noch ein paar Angaben",
    greeting: "Hallo {name},",
    intro: "vielen Dank für Ihre Nachricht. Um die gewünschte Änderung vorzunehmen, benötigen wir:",
    unclear:
      "vielen Dank für Ihre Nachricht. Wir konnten nicht genau erkennen, was wir ändern sollen. Könnten Sie es uns mit den neuen Angaben mitteilen?",
    closing: "Antworten Sie einfach auf diese Nachricht, wir kümmern uns darum.",
    signature: "Ihr Support-Team",
    items: {
      "contact.email": "Ihre neue E-Mail-Adresse",
      "contact.phone": "Ihre neue Telefonnummer",
      "contact.name": "Ihren vollständigen Namen, wie er erscheinen soll",
      "contact.postalAddress": "Ihre neue Postanschrift (Straße, Postleitzahl, Ort und Land)",
      "contact.shippingAddress": "die gewünschte Lieferadresse (Straße, Postleitzahl, Ort und Land)",
      "order.shippingAddress": "die neue Lieferadresse für die Bestellung",
      "order.changeRequest": "was an der Bestellung geändert werden soll",
      "subscription.plan": "den Tarif, zu dem Sie wechseln möchten",
      order: "die Nummer der gemeinten Bestellung",
      subscription: "welches Abonnement Sie meinen",
      ticket: "die Nummer des gemeinten Tickets",
    },
  },
  fr: {
    subject: "Il nous manque quelques informations",
    greeting: "Bonjour {name},",
    intro: "merci pour votre message. Pour effectuer la modification demandée, il nous faut :",
    unclear:
      "merci pour votre message. Nous n'avons pas pu déterminer précisément ce que vous souhaitez modifier. Pourriez-vous nous l'indiquer, avec les nouvelles informations ?",
    closing: "Il vous suffit de répondre à ce message et nous nous en occupons.",
    signature: "Votre équipe support",
    items: {
      "contact.email": "votre nouvelle adresse e-mail",
      "contact.phone": "votre nouveau numéro de téléphone",
      "contact.name": "votre nom complet tel qu'il doit apparaître",
      "contact.postalAddress": "votre nouvelle adresse postale (rue, code postal, ville et pays)",
      "contact.shippingAddress": "l'adresse de livraison à utiliser (rue, code postal, ville et pays)",
      "order.shippingAddress": "la nouvelle adresse de livraison de la commande",
      "order.changeRequest": "ce que vous souhaitez modifier dans la commande",
      "subscription.plan": "la formule que vous souhaitez choisir",
      order: "le numéro de la commande concernée",
      subscription: "l'abonnement concerné",
      ticket: "le numéro du ticket concerné",
    },
  },
  es: {
    subject: "Necesitamos algo más de información",
    greeting: "Hola {name}:",
    intro: "gracias por su mensaje. Para hacer el cambio que nos pidió, necesitamos:",
    unclear:
      "gracias por su mensaje. No hemos podido saber con exactitud qué desea cambiar. ¿Podría indicárnoslo, con los datos nuevos?",
    closing: "Basta con responder a este mensaje y nos encargaremos.",
    signature: "Su equipo de soporte",
    items: {
      "contact.email": "su nueva dirección de correo electrónico",
      "contact.phone": "su nuevo número de teléfono",
      "contact.name": "su nombre completo tal como debe aparecer",
      "contact.postalAddress": "su nueva dirección postal (calle, código postal, ciudad y país)",
      "contact.shippingAddress":
        "la dirección de envío que debemos usar (calle, código postal, ciudad y país)",
      "order.shippingAddress": "la nueva dirección de envío del pedido",
      "order.changeRequest": "qué desea cambiar en el pedido",
      "subscription.plan": "el plan al que desea cambiar",
      order: "el número del pedido al que se refiere",
      subscription: "a qué suscripción se refiere",
      ticket: "el número del ticket al que se refiere",
    },
  },
};

function itemKey(item: MissingItem): string {
  return "field" in item ? item.field : item.reference;
}

/**
 * The reply a needs-information item drafts: it asks the customer, in the message's language where
 * we have wording (en, de, fr, es; anything else in English), for each thing the request lacks.
 * When we cannot name what is missing it asks the customer to say what they want changed. It is a
 * draft: a person reads and may edit it before it is sent.
 */
export function composeNeedsInformationReply(params: {
  language: string | null | undefined;
  customerName: string | null | undefined;
  subject?: string | null;
  missing: readonly MissingItem[];
}): Notice {
  const language: NoticeLanguage = isNoticeLanguage(params.language) ? params.language : "en";
  const wording = wordings[language];
  const asks = [
    ...new Set(
      params.missing
        .map((item) => wording.items[itemKey(item)])
        .filter((ask): ask is string => ask !== undefined),
    ),
  ];
  const greeting = fill(wording.greeting, { name: params.customerName ?? "" })
    .replace(" ,", ",")
    .replace(" :", ":");
  const body = [
    greeting,
    "",
    ...(asks.length ? [wording.intro, ...asks.map((ask) => `- ${ask}`)] : [wording.unclear]),
    "",
    wording.closing,
    "",
    wording.signature,
  ].join("\n");
  const subject = params.subject
    ? /^re:/i.test(params.subject.trim())
      ? params.subject.trim()
      : `Re: ${params.subject.trim()}`
    : wording.subject;
  return { subject, body, language };
}
