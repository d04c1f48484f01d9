/** Roles are data: this table is the product's role table (README, Roles), and `can()` is the only check. */
export const roles = ["admin", "lead", "reviewer", "auditor"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  "queue.view",
  /** write a staff note on a customer or ticket, as oneself: its changes always need a second person */
  "message.note",
  /** upload past messages (CSV, JSONL) and `.eml` files */
  "message.import",
  "message.retry",
  "proposal.decide",
  "proposal.bulk",
  "proposal.assign",
  "proposal.rollback",
  "audit.view",
  "audit.export",
  "dashboard.view",
  "admin.manage",
] as const;
export type Permission = (typeof permissions)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: permissions,
  // leads do everything but administer
  lead: permissions.filter((permission) => permission !== "admin.manage"),
  reviewer: ["queue.view", "message.note", "proposal.decide", "dashboard.view"],
  auditor: ["queue.view", "audit.view", "audit.export", "dashboard.view"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
