/**
 * The value lists of the system's state, written once. The database enums are built from these
 * (`pgEnum("message_status", messageStatuses)`), the console's filters and badges read them, and
 * the proposal state machine (server/proposals/state-machine.ts) says which moves between them
 * are allowed.
 */

export const messageStatuses = [
  "received",
  "processing",
  "proposed",
  /** asked for nothing: questions, thanks, complaints (never a request the pipeline could not read) */
  "no_change",
  "failed",
  /** the sender matches no customer, or several: a person links it and the pipeline continues */
  "unmatched",
  /**
   * with a person: a request without a usable value, an order action naming none of several open
   * orders, or a message the extractor flagged (a suspected injection, a language it cannot read)
   */
  "needs_information",
  /** a person sent the customer the reply a needs-information item drafted */
  "answered",
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** A person must act on the message before anything more happens to it. */
export const attentionMessageStatuses = [
  "unmatched",
  "needs_information",
] as const satisfies readonly MessageStatus[];

/** The pipeline is done with the message; running it again changes nothing. */
export const settledMessageStatuses = [
  "proposed",
  "no_change",
  "unmatched",
  "needs_information",
  "answered",
] as const satisfies readonly MessageStatus[];

export function isSettledMessageStatus(status: string): boolean {
  return settledMessageStatuses.some((item) => item === status);
}
export const proposalKinds = ["change", "rollback"] as const;
export type ProposalKind = (typeof proposalKinds)[number];

export const proposalStatuses = [
  "pending_review",
  "escalated",
  "conflict",
  "approved",
  "applied",
  "rejected",
  "declined",
  "superseded",
  "no_op",
  /** some changes were written to an external system and others failed; retry finishes it */
  "partially_applied",
] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

/** A person can still decide the proposal. */
export const openProposalStatuses = [
  "pending_review",
  "escalated",
  "conflict",
] as const satisfies readonly ProposalStatus[];
export type OpenProposalStatus = (typeof openProposalStatuses)[number];

/** Open and not yet with the leads: a reviewer or the review SLA may escalate it. */
export const escalatableProposalStatuses = [
  "pending_review",
  "conflict",
] as const satisfies readonly OpenProposalStatus[];

/** Decided and on its way to being written: approve happened, apply has not finished. */
export const decidedProposalStatuses = [
  "approved",
  "partially_applied",
] as const satisfies readonly ProposalStatus[];
export type DecidedProposalStatus = (typeof decidedProposalStatuses)[number];

/** Nothing more happens to the proposal itself (a rollback is a new proposal). */
export const finalProposalStatuses = [
  "applied",
  "rejected",
  "declined",
  "superseded",
  "no_op",
] as const satisfies readonly ProposalStatus[];
export type FinalProposalStatus = (typeof finalProposalStatuses)[number];

/** Not final yet: a person can still decide it, or its apply is still under way. */
export const unfinishedProposalStatuses = [
  ...openProposalStatuses,
  ...decidedProposalStatuses,
] as const satisfies readonly ProposalStatus[];

function isOneOf<T extends string>(list: readonly T[], status: string): status is T {
  return list.some((item) => item === status);
}

export function isOpenProposalStatus(status: string): status is OpenProposalStatus {
  return isOneOf(openProposalStatuses, status);
}

export function isDecidedProposalStatus(status: string): status is DecidedProposalStatus {
  return isOneOf(decidedProposalStatuses, status);
}

export function isFinalProposalStatus(status: string): status is FinalProposalStatus {
  return isOneOf(finalProposalStatuses, status);
}

export const routes = ["auto_apply", "review", "decline"] as const;
export type Route = (typeof routes)[number];

export const changeStatuses = [
  "pending",
  "approved",
  "rejected",
  "applied",
  "conflict",
  "no_op",
  "superseded",
  "skipped",
  /** sent to an external system, waiting for its answer */
  "sending",
  "failed",
] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

export const decisionKinds = [
  "approve",
  "edit_approve",
  "reject",
  "escalate",
  "auto_apply",
  "decline",
  "approve_field",
  "reject_field",
  "rollback",
  "force",
] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const outboxStatuses = ["pending", "sent", "failed", "dead"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
