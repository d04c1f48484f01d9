import type { IntentName } from "../catalog";
import { changesForIntent, type CandidateChange, type MessageView } from "./analyze";
import { intentCues } from "./cues";
import { findReferences } from "./recognizers";

/**
 * Intents found by wording alone. Used before a classifier is trained and as a safety net
 * beside it: an intent is only reported when a usable value sits next to its cue.
 */
export function detectIntentsByRules(view: MessageView): { intent: IntentName; changes: CandidateChange[] }[] {
  const found: { intent: IntentName; changes: CandidateChange[] }[] = [];
  for (const intent of ["update_email", "update_phone"] as const) {
    const changes = changesForIntent(view, intent).filter((c) => c.features.cueNear);
    if (changes.length > 0) found.push({ intent, changes });
  }
  const shipping = changesForIntent(view, "update_shipping_address").filter((c) => {
    const window = view.live.slice(Math.max(0, c.evidence.start - 120), c.evidence.start);
    return intentCues.update_shipping_address.test(window);
  });
  if (shipping.length > 0) found.push({ intent: "update_shipping_address", changes: shipping });
  else {
    const postal = changesForIntent(view, "update_postal_address").filter((c) => c.features.cueNear);
    if (postal.length > 0) found.push({ intent: "update_postal_address", changes: postal });
  }
  if (findReferences(view.live, "order").length > 0) {
    const cancel = changesForIntent(view, "cancel_order");
    if (cancel.length > 0) found.push({ intent: "cancel_order", changes: cancel });
  }
  return found;
}
