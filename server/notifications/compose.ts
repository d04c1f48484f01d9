import { getFieldDefinition } from "@/contracts/catalog";
import { describeValue } from "@/contracts/values";
import { fill, frames, intentLines, isNoticeLanguage, type NoticeLanguage } from "./templates";

export type NoticeChange = { intent: string; field: string; recordLabel: string; value: unknown };
export type Notice = { subject: string; body: string; language: NoticeLanguage };

/**
 * The text of a customer notice. `correction` is the notice a rollback sends: it says what was
 * reversed and what holds now, never just "we changed something".
 */
export function composeNotice(params: {
  kind: "change" | "correction";
  language: string | null | undefined;
  customerName: string | null | undefined;
  subject?: string | null;
  changes: NoticeChange[];
}): Notice {
  const language: NoticeLanguage = isNoticeLanguage(params.language) ? params.language : "en";
  const frame = frames[language];
  const lines = params.changes.map((change) => {
    const field = getFieldDefinition(change.field);
    const values = {
      record: change.recordLabel,
      value: describeValue(change.value),
      field: field?.label ?? change.field,
    };
    if (params.kind === "correction") return `- ${fill(frame.reverted, values)}`;
    const template =
      intentLines[change.intent]?.[language] ??
      (language === "en" ? undefined : intentLines[change.intent]?.en) ??
      frame.generic;
    return `- ${fill(template, values)}`;
  });
  const body = [
    fill(frame.greeting, { name: params.customerName ?? "" })
      .replace(" ,", ",")
      .replace(" :", ":"),
    "",
    params.kind === "correction" ? frame.correctionIntro : frame.intro,
    ...lines,
    "",
    frame.closing,
    "",
    frame.signature,
  ].join("\n");
  const subject = params.subject
    ? /^re:/i.test(params.subject.trim())
      ? params.subject.trim()
      : `Re: ${params.subject.trim()}`
    : frame.subject;
  return { subject, body, language };
}
