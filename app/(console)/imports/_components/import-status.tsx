import {
  CheckIcon,
  CircleAlertIcon,
  EyeIcon,
  LoaderCircleIcon,
  PauseIcon,
  type LucideIcon,
} from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";
import type { ImportStatus } from "@/contracts/import-inputs";

const styles: Record<ImportStatus, { label: string; icon: LucideIcon; tone: string }> = {
  previewed: { label: "Preview", icon: EyeIcon, tone: "border-sky-200 bg-sky-50 text-sky-800" },
  running: {
    label: "Importing",
    icon: LoaderCircleIcon,
    tone: "border-indigo-200 bg-indigo-50 text-indigo-800",
  },
  paused: { label: "Paused", icon: PauseIcon, tone: "border-amber-200 bg-amber-50 text-amber-900" },
  done: { label: "Done", icon: CheckIcon, tone: "border-emerald-200 bg-emerald-50 text-emerald-800" },
  failed: { label: "Failed", icon: CircleAlertIcon, tone: "border-rose-200 bg-rose-50 text-rose-800" },
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const style = styles[status];
  const Icon = style.icon;
  return (
    <Badge
      variant="outline"
      className={cn("gap-1", style.tone)}
      data-testid="import-status"
      data-status={status}
    >
      <Icon aria-hidden="true" className={cn("size-3", status === "running" && "animate-spin")} />
      {style.label}
    </Badge>
  );
}
