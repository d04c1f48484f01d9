"use client";

import { CircleAlertIcon, CircleCheckIcon, XIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The outcome of an action, for a person to read: the admin pages and the proposal page share it. */
export type Notice = { tone: "success" | "warning" | "destructive"; title: string; text: string };

/**
 * The outcome of the last action in a section, shown in place until dismissed or replaced: a
 * refused change stays readable instead of flashing by like a toast.
 */
export function NoticeAlert({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  if (!notice) return null;
  const Icon = notice.tone === "success" ? CircleCheckIcon : CircleAlertIcon;
  return (
    <Alert variant={notice.tone} role={notice.tone === "success" ? "status" : "alert"} className="pr-10">
      <Icon aria-hidden="true" />
      <AlertTitle>{notice.title}</AlertTitle>
      <AlertDescription>{notice.text}</AlertDescription>
      <Button
        variant="ghost"
        size="icon-sm"
        className="absolute top-1.5 right-1.5"
        aria-label="Dismiss"
        onClick={onDismiss}
      >
        <XIcon aria-hidden="true" />
      </Button>
    </Alert>
  );
}
