/**
 * Customer notice templates, per intent and language. `{record}` is what the customer calls the
 * record ("order 1042"), `{value}` the new value in words. A language without a template for an
 * intent falls back to English; an intent without a line uses the generic one.
 */
export const noticeLanguages = ["en", "de", "fr", "es"] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

type Frame = {
  subject: string;
  greeting: string;
  intro: string;
  correctionIntro: string;
  closing: string;
  signature: string;
  generic: string;
  reverted: string;
};

export const frames: Record<NoticeLanguage, Frame> = {
  en: {
    subject: "Your account was updated",
    greeting: "Hello {name},",
    intro: "we have made the changes you asked for:",
    correctionIntro: "we have reversed a change we made earlier. This is how things stand now:",
    closing: "If this was not you, reply to this message and we will undo it.",
    signature: "Your support team",
    generic: "We have updated {field} of {record} to {value}.",
    reverted: "{field} of {record} is back to {value}.",
  },
  de: {
    subject: "Ihr Konto wurde aktualisiert",
    greeting: "Hallo {name},",
    intro: "wir haben die gewünschten Änderungen vorgenommen:",
    correctionIntro: "wir haben eine frühere Änderung rückgängig gemacht. So ist der aktuelle Stand:",
    closing: "Falls Sie das nicht waren, antworten Sie auf diese Nachricht, und wir machen es rückgängig.",
    signature: "Ihr Support-Team",
    generic: "Wir haben {field} von {record} auf {value} geändert.",
    reverted: "{field} von {record} ist wieder {value}.",
  },
  fr: {
    subject: "Votre compte a été mis à jour",
    greeting: "Bonjour {name},",
    intro: "nous avons effectué les modifications demandées :",
    correctionIntro: "nous avons annulé une modification faite précédemment. Voici la situation actuelle :",
    closing: "Si vous n'êtes pas à l'origine de cette demande, répondez à ce message et nous l'annulerons.",
    signature: "Votre équipe support",
    generic: "Nous avons mis à jour {field} de {record} : {value}.",
    reverted: "{field} de {record} est de nouveau : {value}.",
  },
  es: {
    subject: "Su cuenta ha sido actualizada",
    greeting: "Hola {name}:",
    intro: "hemos realizado los cambios que nos pidió:",
    correctionIntro: "hemos revertido un cambio que hicimos antes. Así quedan las cosas ahora:",
    closing: "Si no fue usted, responda a este mensaje y lo desharemos.",
    signature: "Su equipo de soporte",
    generic: "Hemos actualizado {field} de {record} a {value}.",
    reverted: "{field} de {record} vuelve a ser {value}.",
  },
};

/** One line per intent. */
export const intentLines: Record<string, Partial<Record<NoticeLanguage, string>>> = {
  update_email: {
    en: "We have updated your email address to {value}.",
    de: "Wir haben Ihre E-Mail-Adresse auf {value} geändert.",
    fr: "Nous avons remplacé votre adresse e-mail par {value}.",
    es: "Hemos actualizado su correo electrónico a {value}.",
  },
  update_phone: {
    en: "We have updated your phone number to {value}.",
    de: "Wir haben Ihre Telefonnummer auf {value} geändert.",
    fr: "Nous avons remplacé votre numéro de téléphone par {value}.",
    es: "Hemos actualizado su número de teléfono a {value}.",
  },
  update_name: {
    en: "We have updated your name to {value}.",
    de: "Wir haben Ihren Namen auf {value} geändert.",
    fr: "Nous avons modifié votre nom : {value}.",
    es: "Hemos actualizado su nombre a {value}.",
  },
  update_postal_address: {
    en: "We have updated your postal address to {value}.",
    de: "Wir haben Ihre Postanschrift auf {value} geändert.",
    fr: "Nous avons mis à jour votre adresse postale : {value}.",
    es: "Hemos actualizado su dirección postal a {value}.",
  },
  update_shipping_address: {
    en: "We have updated the delivery address of {record} to {value}.",
    de: "Wir haben die Lieferadresse von {record} auf {value} geändert.",
    fr: "Nous avons mis à jour l'adresse de livraison de {record} : {value}.",
    es: "Hemos actualizado la dirección de entrega de {record} a {value}.",
  },
  cancel_order: {
    en: "We have cancelled {record}.",
    de: "Wir haben {record} storniert.",
    fr: "Nous avons annulé {record}.",
    es: "Hemos cancelado {record}.",
  },
  change_order: { en: "We have noted your change request for {record}: {value}." },
  change_subscription_plan: {
    en: "We have moved {record} to the {value} plan.",
    de: "Wir haben {record} auf den Tarif {value} umgestellt.",
    fr: "Nous avons passé {record} à la formule {value}.",
    es: "Hemos cambiado {record} al plan {value}.",
  },
  pause_subscription: {
    en: "We have paused {record}.",
    de: "Wir haben {record} pausiert.",
    fr: "Nous avons suspendu {record}.",
    es: "Hemos pausado {record}.",
  },
  cancel_subscription: {
    en: "We have cancelled {record}.",
    de: "Wir haben {record} gekündigt.",
    fr: "Nous avons résilié {record}.",
    es: "Hemos cancelado {record}.",
  },
  marketing_subscribe: {
    en: "You are now subscribed to our newsletter.",
    de: "Sie erhalten ab jetzt unseren Newsletter.",
    fr: "Vous êtes maintenant inscrit à notre newsletter.",
    es: "Ahora está suscrito a nuestro boletín.",
  },
  marketing_unsubscribe: {
    en: "You will no longer receive marketing emails from us.",
    de: "Sie erhalten keine Werbe-E-Mails mehr von uns.",
    fr: "Vous ne recevrez plus nos e-mails marketing.",
    es: "Ya no recibirá correos de marketing de nuestra parte.",
  },
  close_ticket: {
    en: "We have closed {record}.",
    de: "Wir haben {record} geschlossen.",
    fr: "Nous avons clôturé {record}.",
    es: "Hemos cerrado {record}.",
  },
  reprioritize_ticket: { en: "We have set the priority of {record} to {value}." },
};

export function isNoticeLanguage(value: string | null | undefined): value is NoticeLanguage {
  return (noticeLanguages as readonly string[]).includes(value ?? "");
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
