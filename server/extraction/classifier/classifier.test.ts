import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { applyCalibrator, expectedCalibrationError, fitIsotonic, fitPlatt } from "./calibrate";
import { Vectorizer } from "./features";
import { fitLogistic } from "./logistic";
import { TextClassifier } from "./text-classifier";

describe("features", () => {
  it("gives unit-length vectors and the same vector for the same text", () => {
    const vectorizer = new Vectorizer({
      minDf: 1,
      maxFeatures: 1000,
      charNgrams: [3, 5],
      wordBigrams: true,
    }).fit(["new phone number", "cancel my order"]);
    const a = vectorizer.transform("new phone number 123");
    const norm = Math.sqrt(Array.from(a.values).reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(vectorizer.transform("new phone number 123")).toEqual(a);
    expect(Vectorizer.fromState(vectorizer.toState()).transform("cancel my order")).toEqual(
      vectorizer.transform("cancel my order"),
    );
  });
});

describe("calibration", () => {
  it("Platt scaling recovers a known logistic relation", () => {
    const scores: number[] = [];
    const outcomes: boolean[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = (i % 200) / 20 - 5;
      scores.push(s);
      outcomes.push((i * 7919) % 1000 < 1000 / (1 + Math.exp(-(2 * s - 1))));
    }
    const platt = fitPlatt(scores, outcomes);
    expect(platt.a).toBeCloseTo(2, 0);
    expect(applyCalibrator(platt, 0.5)).toBeCloseTo(0.5, 1);
  });

  it("logistic regression recovers a known relation on two features", () => {
    const rows: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = ((i * 37) % 100) / 10 - 5;
      const y = ((i * 53) % 97) / 97;
      rows.push([1, x, y]);
      targets.push((i * 7919) % 1000 < 1000 / (1 + Math.exp(-(0.5 + 1.5 * x - 3 * y))) ? 1 : 0);
    }
    const [bias, a, b] = fitLogistic(rows, targets);
    expect(bias).toBeCloseTo(0.5, 0);
    expect(a).toBeCloseTo(1.5, 0);
    expect(b).toBeCloseTo(-3, 0);
  });

  it("isotonic regression is monotone", () => {
    const iso = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [false, true, false, false, true, true]);
    expect(iso.values).toEqual([...iso.values].sort((a, b) => a - b));
  });

  it("ECE is zero when confidence matches accuracy", () => {
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false])).toBeCloseTo(0, 10);
    expect(expectedCalibrationError([1, 1], [false, false])).toBeCloseTo(1, 10);
  });
});

describe("TextClassifier", () => {
  const examples = [
    ...["new phone number", "my number changed", "call me on my new mobile", "update my phone"].map(
      (text) => ({ text, labels: ["phone"] }),
    ),
    ...["cancel my order", "please cancel order", "i want to cancel the order", "stop my order"].map(
      (text) => ({ text, labels: ["cancel"] }),
    ),
  ];

  it("learns a linear and a hidden-layer model and survives a round trip", () => {
    for (const mlp of [undefined, { hidden: 16, epochs: 30 }]) {
      const classifier = TextClassifier.train(examples, {
        model: { mode: "softmax", epochs: 30 },
        ...(mlp ? { mlp } : {}),
      });
      const p = classifier.predict("please cancel my order");
      expect(classifier.labels[p.indexOf(Math.max(...p))]).toBe("cancel");
      expect(
        TextClassifier.fromState(
          JSON.parse(JSON.stringify(classifier.toState())) as ReturnType<typeof classifier.toState>,
        ).predict("please cancel my order"),
      ).toEqual(p);
    }
  });

  it("honours label weights in both the linear and the hidden-layer model", () => {
    // the same texts under two labels: the weighted label must win
    const tied = ["where is my parcel", "my parcel is late", "parcel not here"].flatMap((text) => [
      { text, labels: ["a"] },
      { text, labels: ["b"] },
    ]);
    for (const mlp of [undefined, { hidden: 16, epochs: 30 }]) {
      const classifier = TextClassifier.train(tied, {
        model: { mode: "softmax", epochs: 30 },
        labelWeights: { b: 4 },
        ...(mlp ? { mlp } : {}),
      });
      const p = classifier.rawProbabilities("my parcel is late");
      expect(at(p, 1)).toBeGreaterThan(at(p, 0) + 0.3);
    }
  });

  it("calibrates the answer on held-out texts, with less confidence for a text unlike its label's examples", () => {
    const classifier = TextClassifier.train(
      [
        ...examples,
        ...["what is the weather", "tell me a joke", "who won the game"].map((text) => ({
          text,
          labels: ["none"],
        })),
      ],
      { model: { mode: "softmax", epochs: 30 }, neighbours: true },
    );
    // right answers close to what was taught, wrong ones sharing only a keyword with it
    const heldOut = [
      ...["new phone number please", "my phone number changed", "update my phone number"].map((text) => ({
        text,
        labels: ["phone"],
      })),
      ...["please cancel my order", "cancel my order now", "i want to cancel my order"].map((text) => ({
        text,
        labels: ["cancel"],
      })),
      ...[
        "cancel culture on social media",
        "phone booths in london",
        "cancel the rain dance",
        "phone etiquette at dinner",
      ].map((text) => ({ text, labels: ["none"] })),
    ];
    classifier.calibrateAnswers(heldOut, ["none"]);
    const familiar = classifier.answer("please cancel my order today");
    const unfamiliar = classifier.answer("cancel culture in politics");
    expect(familiar.label).toBe("cancel");
    expect(unfamiliar.label).toBe("cancel");
    expect(familiar.confidence).toBeGreaterThan(0.8);
    expect(unfamiliar.confidence).toBeLessThan(0.5);
    const restored = TextClassifier.fromState(
      JSON.parse(JSON.stringify(classifier.toState())) as ReturnType<typeof classifier.toState>,
    );
    expect(restored.answer("cancel culture in politics")).toEqual(unfamiliar);

    // the neighbour similarity the answer reads: 1 for a taught text, low for an unlike one
    for (const model of [classifier, restored]) {
      expect(model.similarity("please cancel order", "cancel")).toBeCloseTo(1, 5);
      expect(model.similarity("please cancel order", "phone")).toBeLessThan(0.3);
    }
  });
});
