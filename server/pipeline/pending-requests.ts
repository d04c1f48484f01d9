import { getFieldDefinition, getIntentDefinition } from "@/contracts/catalog";
import type { PendingRequest } from "@/db/schema/messages";
import { extractionFlags, type Extraction, type ExtractionFlag } from "../extraction/types";
import type { CustomerResolution } from "../customers/resolve";
import type { DroppedChange } from "../proposals/build";

/** How a message with no change to propose ends: it asked for nothing, or a person must read it. */
export type Settlement =
  | { status: "no_change"; reason: string }
  | { status: "needs_information"; reason: string; requests: PendingRequest[] };

const flagReasons: Record<ExtractionFlag, string> = {
  injection_suspected: "the message seems to instruct the system",
  unsupported_language: "the message is in a language the extractor cannot read",
};

export function describeFlag(flag: string): string {
  const known = extractionFlags.find((item) => item === flag);
  return known ? flagReasons[known] : flag;
}

/**
 * The requests the extractor found that did not become a proposed change: an intent whose value
 * the message does not give (`missing`), and every extracted change that was dropped for a reason
 * other than the record already holding the value (an unusable value, an order action naming none
 * of several open orders, an order that is not the customer's). A detected intent with neither a
 * change nor a `missing` list is a request whose value could not be found at all.
 */
export function findPendingRequests(output: Extraction, dropped: readonly DroppedChange[]): PendingRequest[] {
  const requests: PendingRequest[] = [];
  const covered = new Set<string>();
  for (const drop of dropped) {
    covered.add(drop.intent);
    if (drop.cause === "unchanged") continue;
    requests.push({
      intent: drop.intent,
      // an unusable value means the field is still missing; a missing target is not a field
      missing: drop.cause === "value" ? [drop.field] : [],
      reason: drop.reason,
      ...referenceOf(drop),
    });
  }
  for (const intent of output.intents) {
    if (intent.intent === "no_change") continue;
    const missing = intent.missing ?? [];
    if (missing.length === 0 && covered.has(intent.intent)) continue;
    if (missing.length === 0 && output.changes.some((change) => change.intent === intent.intent)) continue;
    requests.push({
      intent: intent.intent,
      missing,
      reason: missing.length
        ? `the message does not give ${missing.map((key) => getFieldDefinition(key)?.label ?? key).join(", ")}`
        : `no usable value found for ${getIntentDefinition(intent.intent)?.label ?? intent.intent}`,
      ...(intent.evidence ? { evidence: intent.evidence } : {}),
    });
  }
  return requests;
}

/** A dropped order, subscription or ticket action names the record it lacks. */
function referenceOf(drop: DroppedChange): Pick<PendingRequest, "reference"> {
  if (drop.cause !== "target") return {};
  const entity = getFieldDefinition(drop.field)?.entity;
  return entity === "order" || entity === "subscription" || entity === "ticket" ? { reference: entity } : {};
}

/**
 * Decides how a message with nothing to propose ends. The model is one status with two reasons to
 * be there, because both need the same thing from a person: reading the message and answering the
 * customer.
 * - A request without a usable value is `needs_information`, with the requests and what each lacks.
 * - A message the extractor flagged is `needs_information` too, whatever it found: a suspected
 *   injection, or a language it cannot read, means its reading (including "asked for nothing")
 *   cannot be trusted, so only a person may conclude there is nothing to do. The flags are stored
 *   on the message and shown as the reason.
 * `no_change` is left for a message read without doubt that asked for nothing (or only for values
 * the record already holds).
 */
export function settleWithoutChange(params: {
  output: Extraction;
  dropped: readonly DroppedChange[];
}): Settlement {
  const requests = findPendingRequests(params.output, params.dropped);
  const flags = params.output.flags ?? [];
  if (flags.length > 0) {
    return {
      status: "needs_information",
      reason: `flagged: ${flags.map(describeFlag).join("; ")}`,
      requests,
    };
  }
  if (requests.length > 0) {
    return {
      status: "needs_information",
      reason: requests.map((request) => request.reason).join("; "),
      requests,
    };
  }
  const detected = params.output.intents.some((intent) => intent.intent !== "no_change");
  return {
    status: "no_change",
    reason: detected
      ? `nothing to change: ${params.dropped.map((d) => d.reason).join("; ") || "no field values found"}`
      : "no change requested",
  };
}

/** What the extractor read about the message as a whole, kept on the message for the console. */
export type Reading = {
  language: string | null;
  flags: string[] | null;
  pendingRequests?: PendingRequest[] | null;
};

export function readingOf(output: Extraction): Reading {
  return { language: output.language ?? null, flags: output.flags?.length ? [...output.flags] : null };
}

export function unmatchedReason(resolution: CustomerResolution, sender: string): string {
  return resolution.method === "ambiguous_sender"
    ? `sender ${sender} matches several customers; nothing can be changed automatically`
    : `sender ${sender} does not match a customer; nothing can be changed`;
}
