import {
  BanIcon,
  CheckCheckIcon,
  CheckIcon,
  CircleAlertIcon,
  CircleArrowUpIcon,
  ClockIcon,
  FileDiffIcon,
  GitMergeIcon,
  InboxIcon,
  LayersIcon,
  LoaderCircleIcon,
  MinusIcon,
  Undo2Icon,
  XIcon,
  type LucideIcon,
} from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";

export type ProposalStatus =
  | "pending_review"
  | "approved"
  | "applied"
  | "rejected"
  | "declined"
  | "conflict"
  | "superseded"
  | "failed"
  | "escalated"
  | "rolled_back"
  | "no_op"
  | "partially_applied";

export type MessageStatus = "received" | "processing" | "proposed" | "no_change" | "failed";

/** the status of one field change inside a proposal */
export type ChangeStatus = "pending" | "skipped" | "sending";

type StatusStyle = { label: string; icon: LucideIcon; tone: string };

// Each status has its own icon as well as its colour, so they stay distinct without colour.
const statusStyles: Record<ProposalStatus | MessageStatus | ChangeStatus, StatusStyle> = {
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
  pending: { label: "Pending", icon: ClockIcon, tone: "border-amber-200 bg-amber-50 text-amber-800" },
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
};

function humanize(status: string) {
  const words = status.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusLabel(status: string) {
  return status in statusStyles ? statusStyles[status as keyof typeof statusStyles].label : humanize(status);
}

/** A proposal or message status as a small labelled badge. */
export function StatusBadge({
  status,
  className,
}: {
  status: ProposalStatus | MessageStatus | ChangeStatus;
  className?: string;
}) {
  // unknown values still render readably if the database grows a status before this map does
  const style: StatusStyle =
    status in statusStyles
      ? statusStyles[status]
      : { label: humanize(status), icon: MinusIcon, tone: "border-slate-200 bg-slate-50 text-slate-700" };
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
