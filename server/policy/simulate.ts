import { z } from "zod";
import type { Db } from "@/db/client";
import { getActivePolicy } from "@/db/queries/policies";
import { listRoutedChanges } from "@/db/queries/proposals";
import { routeChange, routeChangeSet, type Route } from "./route";
import { policyRulesSchema, type PolicyRules } from "@/contracts/policy-rules";
import type { SenderVerification } from "@/contracts/message-input";

export const simulatePolicyInput = z.object({
  rules: policyRulesSchema,
  days: z.number().int().min(1).max(365).default(30),
});

/** the newest change sets a simulation replays; enough for months of a busy team */
export const simulationLimit = 20_000;

type RouteCounts = Record<Route, number>;

/** what people did with a change set, as far as it tells whether automation would have been right */
export type Outcome = "accepted" | "corrected" | "open";

export type SimulatedSet = {
  proposalId: string;
  summary: string;
  intents: string[];
  confidence: number | null;
  outcome: Outcome;
};

export type PolicySimulation = {
  since: string;
  changeSets: number;
  truncated: boolean;
  activeVersion: number | null;
  current: RouteCounts;
  candidate: RouteCounts;
  moves: { from: Route; to: Route; count: number }[];
  /** sets the candidate would apply without a person that the active policy sends to review */
  newlyAutomatic: {
    count: number;
    accepted: number;
    corrected: number;
    open: number;
    examples: SimulatedSet[];
  };
  /** sets the active policy applies without a person that the candidate would send to review */
  newlyReviewed: { count: number; examples: SimulatedSet[] };
  byIntent: { intent: string; current: RouteCounts; candidate: RouteCounts }[];
};

type ChangeSet = {
  proposalId: string;
  contactId: string | null;
  createdAt: Date;
  summary: string;
  resolutionConfidence: number;
  senderVerification: SenderVerification;
  outcome: Outcome;
  changes: { intent: string; field: string; confidence: number; doubts: string[] }[];
};

/**
 * "What would this policy have done?": replays the routing of recent change sets, with the
 * confidences and customer matches recorded when they were proposed, under the active rules and
 * under the candidate, and compares both with what reviewers actually decided. Both sides are
 * replayed (rather than comparing with the recorded routes) so that an older policy version in
 * the window does not show up as a difference. The per-customer daily limit is replayed in order.
 */
export async function simulatePolicy(
  db: Db,
  params: { rules: PolicyRules; days: number; now?: Date },
): Promise<PolicySimulation> {
  const since = new Date((params.now ?? new Date()).getTime() - params.days * 24 * 3600_000);
  const [active, rows] = await Promise.all([
    getActivePolicy(db),
    listRoutedChanges(db, { since, limit: simulationLimit + 1 }),
  ]);
  const sets = groupChangeSets(rows);
  const truncated = sets.length > simulationLimit;
  if (truncated) sets.shift();
  const currentRules = active?.rules ?? policyRulesSchema.parse({});
  const current = replay(sets, currentRules);
  const candidate = replay(sets, params.rules);

  const emptyCounts = (): RouteCounts => ({ auto_apply: 0, review: 0, decline: 0 });
  const totals = { current: emptyCounts(), candidate: emptyCounts() };
  const moves = new Map<string, number>();
  const byIntent = new Map<string, { current: RouteCounts; candidate: RouteCounts }>();
  const newlyAutomatic: SimulatedSet[] = [];
  const newlyReviewed: SimulatedSet[] = [];
  sets.forEach((set, i) => {
    const from = current[i] as Route;
    const to = candidate[i] as Route;
    totals.current[from]++;
    totals.candidate[to]++;
    if (from !== to) moves.set(`${from}>${to}`, (moves.get(`${from}>${to}`) ?? 0) + 1);
    for (const intent of new Set(set.changes.map((c) => c.intent))) {
      const entry = byIntent.get(intent) ?? { current: emptyCounts(), candidate: emptyCounts() };
      entry.current[from]++;
      entry.candidate[to]++;
      byIntent.set(intent, entry);
    }
    const view: SimulatedSet = {
      proposalId: set.proposalId,
      summary: set.summary,
      intents: [...new Set(set.changes.map((c) => c.intent))],
      confidence: set.changes.length ? Math.min(...set.changes.map((c) => c.confidence)) : null,
      outcome: set.outcome,
    };
    if (to === "auto_apply" && from !== "auto_apply") newlyAutomatic.push(view);
    if (from === "auto_apply" && to !== "auto_apply") newlyReviewed.push(view);
  });
  const count = (outcome: Outcome) => newlyAutomatic.filter((s) => s.outcome === outcome).length;
  // the ones an admin must look at first: automation would have done what a person corrected
  const worstFirst = [...newlyAutomatic].sort((a, b) => rank(a.outcome) - rank(b.outcome));
  return {
    since: since.toISOString(),
    changeSets: sets.length,
    truncated,
    activeVersion: active?.version ?? null,
    ...totals,
    moves: [...moves].map(([key, n]) => {
      const [from, to] = key.split(">") as [Route, Route];
      return { from, to, count: n };
    }),
    newlyAutomatic: {
      count: newlyAutomatic.length,
      accepted: count("accepted"),
      corrected: count("corrected"),
      open: count("open"),
      examples: worstFirst.slice(0, 20),
    },
    newlyReviewed: { count: newlyReviewed.length, examples: newlyReviewed.slice(0, 20) },
    byIntent: [...byIntent]
      .map(([intent, counts]) => ({ intent, ...counts }))
      .sort((a, b) => a.intent.localeCompare(b.intent)),
  };
}

const rank = (outcome: Outcome) => (outcome === "corrected" ? 0 : outcome === "open" ? 1 : 2);

function groupChangeSets(rows: Awaited<ReturnType<typeof listRoutedChanges>>): ChangeSet[] {
  const sets = new Map<string, ChangeSet & { corrected: boolean; decided: boolean }>();
  for (const row of rows) {
    let set = sets.get(row.proposalId);
    if (!set) {
      set = {
        proposalId: row.proposalId,
        contactId: row.contactId,
        createdAt: row.createdAt,
        summary: row.summary,
        resolutionConfidence: row.resolutionConfidence ?? 1,
        senderVerification: row.senderVerification ?? "email_authenticated",
        outcome: "open",
        changes: [],
        corrected: row.status === "rejected" || row.rolledBack,
        decided: row.status === "applied" || row.status === "partially_applied" || row.status === "rejected",
      };
      sets.set(row.proposalId, set);
    }
    // the extractor's doubts are not stored, but the rule they fired is: a change a doubt sent to a
    // person would be sent to a person under any thresholds
    const doubt = row.routeRule.startsWith("evidence_") ? [row.routeRule.slice("evidence_".length)] : [];
    set.changes.push({
      intent: row.intent,
      field: row.field,
      confidence: row.confidence ?? 0,
      doubts: doubt,
    });
    // an edited value or a field a person rejected: the proposal as made was not right
    if (row.edited || (row.changeStatus === "rejected" && row.decidedByPerson)) set.corrected = true;
  }
  return [...sets.values()].map(({ corrected, decided, ...set }) => ({
    ...set,
    outcome: corrected ? "corrected" : decided ? "accepted" : "open",
  }));
}

/** the route of each set, in order, with the per-customer daily limit counted as the replay goes */
function replay(sets: ChangeSet[], rules: PolicyRules): Route[] {
  const autoApplied = new Map<string, number[]>();
  return sets.map((set) => {
    const day = set.createdAt.getTime() - 24 * 3600_000;
    const history = (set.contactId && autoApplied.get(set.contactId)) || [];
    const recentAutoApplies = history.filter((t) => t >= day).length;
    const routings = set.changes.map((change) =>
      routeChange(change, {
        rules,
        resolutionConfidence: set.resolutionConfidence,
        senderVerification: set.senderVerification,
        recentAutoApplies,
      }),
    );
    const { route } = routeChangeSet(routings);
    if (route === "auto_apply" && set.contactId)
      autoApplied.set(set.contactId, [...history.filter((t) => t >= day), set.createdAt.getTime()]);
    return route;
  });
}
