import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  boolean,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { riskTiers, type EntityName, type StoreName } from "../../contracts/catalog";
import {
  changeStatuses,
  decisionKinds,
  openProposalStatuses,
  proposalKinds,
  proposalStatuses,
  routes,
} from "../../contracts/statuses";
import { extractions, messages } from "./messages";
import { policyVersions } from "./policies";
import { contacts } from "./records";
import { users } from "./users";

export const proposalKindEnum = pgEnum("proposal_kind", proposalKinds);
export const proposalStatusEnum = pgEnum("proposal_status", proposalStatuses);
export const routeEnum = pgEnum("route", routes);
export const changeStatusEnum = pgEnum("change_status", changeStatuses);
export const riskEnum = pgEnum("risk_tier", riskTiers);

export type ConflictDetail = {
  field: string;
  recordId: string;
  expectedValue: unknown;
  expectedVersion: number;
  currentValue: unknown;
  currentVersion: number;
  changedAt: string | null;
  changedBy: string | null;
};

/**
 * "Open" (a person can still decide) as a literal predicate: the partial queue indexes use it, and a
 * parameterized `status in ($1, $2, $3)` would not let the planner prove they apply.
 */
export function openStatusPredicate(status: AnyPgColumn) {
  const literals = openProposalStatuses.map((open) => `'${open}'`).join(", ");
  return sql`${status} in (${sql.raw(literals)})`;
}

/**
 * A change set: the field changes proposed from one message (or a rollback of an applied set).
 * `version` is bumped by every transition; transitions are compare-and-set on it.
 */
export const proposals = pgTable(
  "proposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: proposalKindEnum().notNull().default("change"),
    messageId: uuid().references(() => messages.id),
    extractionId: uuid().references(() => extractions.id),
    rollsBackProposalId: uuid().references((): AnyPgColumn => proposals.id),
    contactId: uuid().references(() => contacts.id),
    status: proposalStatusEnum().notNull(),
    version: integer().notNull().default(1),
    intents: text().array().notNull(),
    summary: text().notNull(),
    /** lowest change confidence in the set */
    confidence: real(),
    route: routeEnum().notNull(),
    routeRule: text().notNull(),
    policyVersionId: uuid().references(() => policyVersions.id),
    policyVersion: integer(),
    requiredApprovals: integer().notNull().default(1),
    /**
     * Approvals count only in the round they were given in. A conflict, an edit or a change to the
     * set starts a new round: earlier approvals stay in the trail but no longer count.
     */
    approvalRound: integer().notNull().default(1),
    claimedBy: uuid().references(() => users.id),
    claimExpiresAt: timestamp({ withTimezone: true }),
    conflicts: jsonb().$type<ConflictDetail[]>(),
    slaDueAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    appliedAt: timestamp({ withTimezone: true }),
    rolledBackByProposalId: uuid().references((): AnyPgColumn => proposals.id),
    createdByUserId: uuid().references(() => users.id),
    /** a reviewer asked a lead to decide */
    escalatedBy: uuid().references(() => users.id),
    escalatedAt: timestamp({ withTimezone: true }),
    escalationReason: text(),
    /** a lead assigned the item to someone (claims are short leases; assignment is standing) */
    assignedTo: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // the pipeline makes one change set per message, however often its job runs
    uniqueIndex("proposals_one_per_message")
      .on(t.messageId)
      .where(sql`${t.kind} = 'change'`),
    index("proposals_queue").on(t.status, t.createdAt, t.id),
    index().on(t.contactId, t.createdAt),
    // The review queue's three sort orders over open items, each a keyset index (sort key, id), so
    // the first page and a deep page cost the same with 100,000 waiting. The predicate and the sort
    // expressions must stay identical to db/queries/queue.ts for the planner to use them.
    index("proposals_open_by_created").on(t.createdAt, t.id).where(openStatusPredicate(t.status)),
    index("proposals_open_by_sla")
      .on(sql`coalesce(${t.slaDueAt}, 'infinity'::timestamptz)`, t.id)
      .where(openStatusPredicate(t.status)),
    index("proposals_open_by_confidence")
      .on(sql`coalesce(${t.confidence}, 2)`, t.id)
      .where(openStatusPredicate(t.status)),
    index("proposals_assigned_to")
      .on(t.assignedTo)
      .where(sql`${t.assignedTo} is not null`),
  ],
);

export const proposedChanges = pgTable(
  "proposed_changes",
  {
    id: uuid().primaryKey().defaultRandom(),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    position: integer().notNull(),
    intent: text().notNull(),
    store: text().$type<StoreName>().notNull(),
    entity: text().$type<EntityName>().notNull(),
    recordId: uuid().notNull(),
    /** what a person calls the record: "Order 1042", "Ana Silva" */
    recordLabel: text().notNull(),
    /** catalog key, `entity.field` */
    field: text().notNull(),
    baseValue: jsonb(),
    baseVersion: integer().notNull(),
    proposedValue: jsonb(),
    /** a reviewer's edit; the proposed value is kept beside it */
    editedValue: jsonb(),
    confidence: real(),
    evidenceStart: integer(),
    evidenceEnd: integer(),
    rationale: text(),
    risk: riskEnum().notNull(),
    route: routeEnum().notNull(),
    routeRule: text().notNull(),
    status: changeStatusEnum().notNull().default("pending"),
    /** for rollbacks: the applied change this one undoes */
    rollsBackAppliedChangeId: uuid(),
    /** per-field decision inside a change set */
    decidedBy: uuid().references(() => users.id),
    decisionReason: text(),
    /** a person chose to overwrite a conflicting value (rollback "force"); audited as such */
    forced: boolean().notNull().default(false),
    /** for external stores: last delivery error of this change */
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.proposalId, t.recordId, t.field), index().on(t.recordId, t.field, t.status)],
);

export const decisionKindEnum = pgEnum("decision_kind", decisionKinds);

export const decisions = pgTable(
  "decisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    kind: decisionKindEnum().notNull(),
    /** null when the policy decided */
    userId: uuid().references(() => users.id),
    reason: text(),
    /** the proposal version the decision was made against */
    proposalVersion: integer().notNull(),
    /** approvals: the proposal's approval round it was given in (it counts in that round only) */
    approvalRound: integer(),
    /** approvals: SHA-256 of exactly what was approved (server/proposals/approvals.ts, digestOfChanges) */
    changeDigest: text(),
    data: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.proposalId)],
);
