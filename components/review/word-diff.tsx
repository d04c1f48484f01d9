import { describeValue } from "@/contracts/values";
import { cn } from "@/components/ui/utils";

export type DiffPart = { kind: "same" | "removed" | "added"; text: string };

/** Words and the whitespace/punctuation between them, so a diff never splits a word. */
function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A word-level diff (longest common subsequence over tokens). Values here are short (a name,
 * an address, a request), so the quadratic table is a few thousand cells at most; longer inputs
 * fall back to "all removed, all added".
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > 250_000) {
    return [
      ...(before ? [{ kind: "removed" as const, text: before }] : []),
      ...(after ? [{ kind: "added" as const, text: after }] : []),
    ];
  }
  // table[i * width + j]: length of the longest common subsequence of a[i..] and b[j..]
  const width = b.length + 1;
  const table = new Uint16Array((a.length + 1) * width);
  const at = (i: number, j: number) => table[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i] ?? "");
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      push("removed", a[i++] ?? "");
    } else {
      push("added", b[j++] ?? "");
    }
  }
  while (i < a.length) push("removed", a[i++] ?? "");
  while (j < b.length) push("added", b[j++] ?? "");
  return parts;
}

/** Current → proposed as one line of text with removed words struck through and added words marked. */
export function WordDiff({
  current,
  proposed,
  className,
}: {
  current: unknown;
  proposed: unknown;
  className?: string;
}) {
  const before = current === null || current === undefined ? "" : describeValue(current);
  const after = describeValue(proposed);
  const parts = diffWords(before, after);
  return (
    <p data-slot="word-diff" className={cn("text-sm leading-relaxed break-words", className)}>
      {parts.map((part, index) =>
        part.kind === "same" ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === "removed" ? (
          <del key={index} className="rounded-[3px] bg-rose-100 px-0.5 text-rose-900 decoration-rose-700/70">
            <span className="sr-only">removed: </span>
            {part.text}
          </del>
        ) : (
          <ins
            key={index}
            className="rounded-[3px] bg-emerald-100 px-0.5 font-medium text-emerald-900 no-underline"
          >
            <span className="sr-only">added: </span>
            {part.text}
          </ins>
        ),
      )}
    </p>
  );
}
