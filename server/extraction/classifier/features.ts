/**
 * TF-IDF features: word 1-2-grams and character 3-5-grams inside word boundaries, sublinear term
 * frequency, L2-normalised. Character n-grams carry typos ("adress"), inflections and the four
 * languages of the corpus; numbers are folded to "0" so order numbers and phones do not become
 * vocabulary.
 */
export type SparseVector = { indices: Int32Array; values: Float32Array };

export type VectorizerOptions = {
  minDf: number;
  maxFeatures: number;
  charNgrams: [number, number];
  wordBigrams: boolean;
};

export type VectorizerState = { vocabulary: [string, number][]; idf: number[]; options: VectorizerOptions };

export const defaultVectorizerOptions: VectorizerOptions = { minDf: 2, maxFeatures: 200_000, charNgrams: [3, 5], wordBigrams: true };

export function normalizeForFeatures(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " emailtoken ")
    .replace(/\d+/g, "0");
}

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}']+|[?!@#]/gu) ?? [];
}

/** The terms of one text with their counts. */
export function terms(text: string, options: VectorizerOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const tokens = words(normalizeForFeatures(text));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    add(`w:${token}`);
    if (options.wordBigrams && i + 1 < tokens.length) add(`b:${token} ${tokens[i + 1]}`);
    const padded = ` ${token} `;
    const [min, max] = options.charNgrams;
    for (let n = min; n <= max; n++) {
      for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`);
    }
  }
  return counts;
}

export class Vectorizer {
  private readonly index = new Map<string, number>();
  private idf: Float32Array = new Float32Array(0);

  constructor(readonly options: VectorizerOptions = defaultVectorizerOptions) {}

  get size(): number {
    return this.idf.length;
  }

  fit(texts: string[]): this {
    const df = new Map<string, number>();
    for (const text of texts) for (const term of terms(text, this.options).keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const kept = [...df.entries()]
      .filter(([, count]) => count >= this.options.minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.options.maxFeatures);
    this.idf = new Float32Array(kept.length);
    kept.forEach(([term, count], i) => {
      this.index.set(term, i);
      this.idf[i] = Math.log((1 + texts.length) / (1 + count)) + 1;
    });
    return this;
  }

  transform(text: string): SparseVector {
    const entries: [number, number][] = [];
    for (const [term, count] of terms(text, this.options)) {
      const i = this.index.get(term);
      if (i !== undefined) entries.push([i, (1 + Math.log(count)) * (this.idf[i] ?? 1)]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
    return { indices: Int32Array.from(entries, ([i]) => i), values: Float32Array.from(entries, ([, v]) => v / norm) };
  }

  toState(): VectorizerState {
    return { vocabulary: [...this.index.entries()], idf: Array.from(this.idf), options: this.options };
  }

  static fromState(state: VectorizerState): Vectorizer {
    const vectorizer = new Vectorizer(state.options);
    for (const [term, i] of state.vocabulary) vectorizer.index.set(term, i);
    vectorizer.idf = Float32Array.from(state.idf);
    return vectorizer;
  }
}
