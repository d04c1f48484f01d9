import { describe, expect, it } from "vitest";
import { composeNeedsInformationReply } from "./needs-information";

describe("the needs-information reply", () => {
  it("asks for each missing thing in the message's language", () => {
    const reply = composeNeedsInformationReply({
      language: "fr",
      customerName: "Camille Martin",
      subject: "Adresse",
      missing: [
        { field: "contact.postalAddress" },
        { reference: "order" },
        { field: "contact.postalAddress" },
      ],
    });
    expect(reply).toMatchObject({ language: "fr", subject: "Re: Adresse" });
    expect(reply.body).toContain("Bonjour Camille Martin,");
    expect(reply.body).toContain("- votre nouvelle adresse postale");
    expect(reply.body).toContain("- le numéro de la commande concernée");
    // each thing is asked once
    expect(reply.body.match(/adresse postale/g)).toHaveLength(1);
  });

  it("writes English for a language without wording, and asks what to change when nothing is named", () => {
    const reply = composeNeedsInformationReply({
      language: "nl",
      customerName: null,
      subject: "Re: vraag",
      missing: [],
    });
    expect(reply).toMatchObject({ language: "en", subject: "Re: vraag" });
    expect(reply.body.startsWith("Hello,")).toBe(true);
    expect(reply.body).toContain("could not tell exactly what you would like us to change");
  });

  it("has wording in Spanish and German", () => {
    const missing = [{ field: "contact.phone" }];
    expect(composeNeedsInformationReply({ language: "es", customerName: "Ana", missing }).body).toContain(
      "su nuevo número de teléfono",
    );
    expect(composeNeedsInformationReply({ language: "de", customerName: "Jonas", missing }).body).toContain(
      "Ihre neue Telefonnummer",
    );
  });
});
