import { intentNames, type IntentName } from "@/contracts/catalog";
import { float64At } from "../classifier/arrays";
import type { TextClassifier } from "../classifier/text-classifier";
import type { MessageView } from "./analyze";

/** The live text as the classifier sees it: quoted history and signature gone, whitespace folded. */
export function classifierText(view: MessageView): string {
  return view.live.replace(/\s+/g, " ").trim();
}

/**
 * Raw (uncalibrated) score per intent: the best of the whole message and each of its sentences,
 * so the second request of a two-request message is not drowned by the first. "no_change" is
 * judged on the whole message only: one sentence of small talk does not make a request vanish.
 */
// "..., and please cancel order 1042": a second request often hides behind a connector
const connector =
  /\b(?:also|and also|plus|additionally|and please|one more thing|außerdem|und bitte|aussi|et merci de|además|y por favor)\b/iu;

export function rawIntentScores(classifier: TextClassifier, view: MessageView): Float64Array {
  const wholeText = classifierText(view);
  const whole = classifier.rawProbabilities(wholeText);
  const scores = Float64Array.from(whole);
  const noChange = intentNames.indexOf("no_change");
  const pieces = view.sentences
    .flatMap((s) => s.text.split(connector))
    .map((text) => ({ text: text.trim() }));
  for (const sentence of pieces) {
    // a line that is only a value (a signature's phone, an address line) says nothing of intent
    const words =
      sentence.text.replace(/[\w.+-]+@[\w.-]+|[+\d][\d\s().\/-]{5,}/g, " ").match(/\p{L}{2,}/gu) ?? [];
    // a one-sentence message was scored whole already
    if (words.length < 2 || sentence.text === wholeText) continue;
    const p = classifier.rawProbabilities(sentence.text);
    for (let i = 0; i < scores.length; i++)
      if (i !== noChange) scores[i] = Math.max(float64At(scores, i), float64At(p, i));
  }
  return scores;
}

export function scoresByIntent(scores: Float64Array): Map<IntentName, number> {
  return new Map(intentNames.map((name, i) => [name, scores[i] ?? 0]));
}
