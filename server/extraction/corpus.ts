import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { fieldKeys, intentNameSchema } from "@/contracts/catalog";

/** One labelled message of data/corpus (see data/corpus/README.md). */
export const corpusExampleSchema = z.object({
  id: z.string(),
  split: z.enum(["train", "dev", "test"]),
  lang: z.string(),
  style: z.string(),
  register: z.string(),
  text: z.string(),
  intents: z.array(intentNameSchema).min(1),
  changes: z.array(
    z.object({ field: z.enum(fieldKeys), value: z.unknown(), reference: z.string().optional() }),
  ),
  tags: z.array(z.string()),
});
export type CorpusExample = z.infer<typeof corpusExampleSchema>;
export type CorpusSplit = CorpusExample["split"];

/** data/corpus, found from the working directory (npm scripts, worker) or from this file (tests). */
export function corpusDirectory(): string {
  const candidates = [
    path.join(process.cwd(), "data", "corpus"),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/corpus"),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, "train.jsonl")));
  if (!found)
    throw new Error(
      `The extraction corpus was not found (looked in ${candidates.join(", ")}). Run scripts/corpus/generate.ts.`,
    );
  return found;
}

export function loadCorpus(split: CorpusSplit): CorpusExample[] {
  const file = path.join(corpusDirectory(), `${split}.jsonl`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const parsed = corpusExampleSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}
