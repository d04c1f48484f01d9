"use client";

import { Input } from "@/components/ui/input";
import type { Address, FieldType } from "@/contracts/catalog";

const addressParts: { key: keyof Address; label: string; className?: string }[] = [
  { key: "line1", label: "Street and number", className: "sm:col-span-2" },
  { key: "line2", label: "Apartment, suite", className: "sm:col-span-2" },
  { key: "postalCode", label: "Postal code" },
  { key: "city", label: "City" },
  { key: "region", label: "Region" },
  { key: "country", label: "Country (2 letters)" },
];

const selectClass =
  "h-9 rounded-md border border-input bg-card px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40";

/**
 * An input fit for the field's type. The value is sent as typed: the server validates and
 * normalizes it exactly like an extracted value (phone to E.164, email lower-cased...).
 */
export function FieldEditor({
  id,
  label,
  type,
  options,
  value,
  onChange,
  onDone,
  onCancel,
}: {
  id: string;
  label: string;
  type: FieldType;
  options?: readonly string[];
  value: unknown;
  onChange: (value: unknown) => void;
  onDone: () => void;
  onCancel: () => void;
}) {
  const keys = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && !(event.target instanceof HTMLTextAreaElement)) {
      event.preventDefault();
      onDone();
    }
  };
  if (type === "address") {
    const address = (value && typeof value === "object" ? value : {}) as Partial<Address>;
    return (
      <fieldset className="grid gap-2 sm:grid-cols-2" onKeyDown={keys} data-field-editor={id}>
        <legend className="sr-only">Edit {label}</legend>
        {addressParts.map((part, index) => (
          <label key={part.key} className={part.className}>
            <span className="mb-1 block text-xs text-muted-foreground">{part.label}</span>
            <Input
              autoFocus={index === 0}
              value={address[part.key] ?? ""}
              onChange={(event) => onChange({ ...address, [part.key]: event.target.value })}
              className="h-8"
            />
          </label>
        ))}
      </fieldset>
    );
  }
  if (type === "enum" || type === "boolean") {
    const choices = type === "boolean" ? ["true", "false"] : (options ?? []);
    return (
      <label className="block" onKeyDown={keys} data-field-editor={id}>
        <span className="mb-1 block text-xs text-muted-foreground">New {label.toLowerCase()}</span>
        <select
          autoFocus
          className={selectClass}
          value={typeof value === "string" ? value : typeof value === "boolean" ? String(value) : ""}
          onChange={(event) =>
            onChange(type === "boolean" ? event.target.value === "true" : event.target.value)
          }
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {type === "boolean" ? (choice === "true" ? "Yes" : "No") : choice}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className="block" onKeyDown={keys} data-field-editor={id}>
      <span className="mb-1 block text-xs text-muted-foreground">New {label.toLowerCase()}</span>
      <Input
        autoFocus
        type={type === "date" ? "date" : type === "email" ? "email" : "text"}
        inputMode={type === "phone" ? "tel" : undefined}
        value={typeof value === "string" ? value : typeof value === "number" ? String(value) : ""}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
