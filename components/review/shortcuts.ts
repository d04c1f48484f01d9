"use client";

import { useEffect, useRef } from "react";

export type Shortcut = { keys: string; description: string };

export const queueShortcuts: Shortcut[] = [
  { keys: "j / k", description: "Next / previous item" },
  { keys: "Enter", description: "Open the item" },
  { keys: "a", description: "Approve the item" },
  { keys: "e", description: "Open the item to edit and approve" },
  { keys: "r", description: "Reject the item (asks for a reason)" },
  { keys: "x", description: "Select or unselect the item" },
  { keys: "Shift + A", description: "Approve the selected items (leads)" },
  { keys: "Esc", description: "Clear the selection" },
  { keys: "?", description: "Show these shortcuts" },
];

export const proposalShortcuts: Shortcut[] = [
  { keys: "j / k", description: "Next / previous item of the queue you came from" },
  { keys: "a", description: "Approve (with your edits, if any)" },
  { keys: "e", description: "Edit the first field" },
  { keys: "r", description: "Reject (asks for a reason)" },
  { keys: "Esc", description: "Back to the queue, with its filters" },
  { keys: "?", description: "Show these shortcuts" },
];

/** A handler may return false to leave the key to the browser (e.g. Enter on a button). */
type Handlers = Partial<Record<string, (event: KeyboardEvent) => boolean | void>>;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT")
    return !["checkbox", "radio", "button", "submit"].includes((target as HTMLInputElement).type);
  return false;
}

/**
 * Single-key shortcuts for a page. Keys are `event.key` values ("j", "A" for Shift+A, "Enter",
 * "Escape", "?"). Ignored while typing, with a modifier other than Shift, and while a dialog is
 * open (the dialog owns the keyboard then).
 */
export function useShortcuts(handlers: Handlers, enabled = true) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      if (handler(event) !== false) event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
