import {
  BanIcon,
  CheckCheckIcon,
  CheckIcon,
  CircleAlertIcon,
  CircleArrowUpIcon,
  CircleHelpIcon,
  ClockIcon,
  FileDiffIcon,
  GitMergeIcon,
  InboxIcon,
  LayersIcon,
  LoaderCircleIcon,
  MailCheckIcon,
  MinusIcon,
  Undo2Icon,
  UserSearchIcon,
  XIcon,
  type LucideIcon,
} from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";
import type { ChangeStatus, MessageStatus, ProposalStatus } from "@/contracts/statuses";

/**
 * Not a database status: an applied field that a later rollback proposal undid
 * (`rolledBackByProposalId` is set on the applied change). The rollback panel shows it in place of
 * "applied"; the rollback itself is a proposal of its own, with ordinary statuses.
 */
export const rolledBack = "rolled_back";

/**
 * Every status the database can hold, from the lists its enums are built from, plus the one derived
 * display state above. Typing the map as a Record over exactly this union means a status the
 * database lacks cannot be styled, and a new one cannot ship without a style.
 */
export type BadgeStatus = ProposalStatus | MessageStatus | ChangeStatus | typeof rolledBack;

type StatusStyle = { label: string; icon: LucideIcon; tone: string };

// Each status has its own icon as well as its colour, so they stay distinct without colour.
const statusStyles: Record<BadgeStatus, StatusStyle> = {
  pending_review: {
    label: "Pending review",
    icon: ClockIcon,
    tone: "border-amber-200 bg-amber-50 text-amber-800",
  },
  approved: { label: "Approved", icon: CheckIcon, tone: "border-sky-200 bg-sky-50 text-sky-800" },
  applied: {
    label: "Applied",
    icon: CheckCheckIcon,
    tone: "border-emerald-200 bg-emerald-50 text-emerald-800",
  },
  partially_applied: {
    label: "Partially applied",
    icon: CircleAlertIcon,
    tone: "border-orange-300 bg-orange-50 text-orange-900",
  },
  sending: { label: "Sending", icon: LoaderCircleIcon, tone: "border-blue-200 bg-blue-50 text-blue-800" },
  rejected: { label: "Rejected", icon: XIcon, tone: "border-rose-200 bg-rose-50 text-rose-800" },
  declined: { label: "Declined", icon: BanIcon, tone: "border-stone-200 bg-stone-100 text-stone-700" },
  conflict: { label: "Conflict", icon: GitMergeIcon, tone: "border-orange-200 bg-orange-50 text-orange-800" },
  superseded: {
    label: "Superseded",
    icon: LayersIcon,
    tone: "border-dashed border-slate-300 bg-transparent text-slate-600",
  },
  failed: { label: "Failed", icon: CircleAlertIcon, tone: "border-red-300 bg-red-50 text-red-800" },
  escalated: {
    label: "Escalated",
    icon: CircleArrowUpIcon,
    tone: "border-fuchsia-200 bg-fuchsia-50 text-fuchsia-800",
  },
  rolled_back: {
    label: "Rolled back",
    icon: Undo2Icon,
    tone: "border-violet-200 bg-violet-50 text-violet-800",
  },
  // the record already holds the proposed value
  no_op: { label: "No change", icon: MinusIcon, tone: "border-stone-200 bg-stone-50 text-stone-600" },
  // a field change waiting for its decision reads like the proposal it belongs to
  pending: { label: "Pending review", icon: ClockIcon, tone: "border-amber-200 bg-amber-50 text-amber-800" },
  skipped: {
    label: "Skipped",
    icon: MinusIcon,
    tone: "border-dashed border-slate-300 bg-transparent text-slate-600",
  },
  received: { label: "Received", icon: InboxIcon, tone: "border-slate-200 bg-slate-50 text-slate-700" },
  processing: {
    label: "Processing",
    icon: LoaderCircleIcon,
    tone: "border-blue-200 bg-blue-50 text-blue-800",
  },
  proposed: { label: "Proposed", icon: FileDiffIcon, tone: "border-indigo-200 bg-indigo-50 text-indigo-800" },
  no_change: { label: "No change", icon: MinusIcon, tone: "border-stone-200 bg-stone-50 text-stone-600" },
  unmatched: {
    label: "Unmatched",
    icon: UserSearchIcon,
    tone: "border-orange-200 bg-orange-50 text-orange-800",
  },
  needs_information: {
    label: "Needs information",
    icon: CircleHelpIcon,
    tone: "border-amber-200 bg-amber-50 text-amber-800",
  },
  answered: { label: "Answered", icon: MailCheckIcon, tone: "border-teal-200 bg-teal-50 text-teal-800" },
};

/** A proposal, message or field-change status as a small labelled badge. */
export function StatusBadge({ status, className }: { status: BadgeStatus; className?: string }) {
  const style = statusStyles[status];
  const Icon = style.icon;

  return (
    <Badge
      variant="outline"
      data-status={status}
      className={cn("gap-1 rounded-full py-0.5 pr-2 pl-1.5 font-medium", style.tone, className)}
    >
      <Icon aria-hidden="true" className="size-3 opacity-80" />
      {style.label}
    </Badge>
  );
}
