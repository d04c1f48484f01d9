import { describe, expect, it } from "vitest";
import {
  decidedProposalStatuses,
  finalProposalStatuses,
  openProposalStatuses,
  proposalStatuses,
} from "@/contracts/statuses";
import { canTransition, proposalTransitions } from "./state-machine";

describe("the proposal state machine", () => {
  it("sorts every status into exactly one of open, decided and final", () => {
    const sorted = [...openProposalStatuses, ...decidedProposalStatuses, ...finalProposalStatuses];
    expect([...sorted].sort()).toEqual([...proposalStatuses].sort());
  });

  it("lets nothing leave a final status, and nothing go back to a person once applied", () => {
    for (const status of finalProposalStatuses) expect(proposalTransitions[status]).toEqual([]);
    expect(canTransition("partially_applied", "pending_review")).toBe(false);
    expect(canTransition("approved", "rejected")).toBe(false);
  });

  it("lets an apply that found a changed record send the proposal back to review", () => {
    expect(canTransition("approved", "conflict")).toBe(true);
    expect(canTransition("conflict", "approved")).toBe(true);
  });
});
