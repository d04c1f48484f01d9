"use client";

import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { mappableFields } from "@/contracts/connector-inputs";
import type { StoreName } from "@/contracts/catalog";

/**
 * One row per catalog field the store can be asked to write: the remote system's name for it.
 * An empty row uses the same name as Changedesk.
 */
export function FieldMappingEditor({
  store,
  values,
  errors,
  onChange,
}: {
  store: StoreName;
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (key: string, remote: string) => void;
}) {
  return (
    <fieldset className="space-y-2" aria-describedby={`connector-${store}-mapping-hint`}>
      <legend className="text-sm font-medium">Field mapping</legend>
      <p id={`connector-${store}-mapping-hint`} className="text-xs text-muted-foreground">
        The remote system&apos;s name for each field. Leave a row empty to use the same name.
      </p>
      <div className="divide-y rounded-lg border">
        {mappableFields(store).map((field) => {
          const inputId = `connector-${store}-mapping-${field.key}`;
          const error = errors[field.key];
          return (
            <div
              key={field.key}
              className="grid items-center gap-x-4 gap-y-1 px-3 py-2 sm:grid-cols-[1fr_14rem]"
            >
              <div className="grid gap-0.5">
                <Label htmlFor={inputId}>{field.label}</Label>
                <span id={`${inputId}-key`} className="font-mono text-xs text-muted-foreground">
                  {field.key}
                </span>
              </div>
              <div className="space-y-1">
                <Input
                  id={inputId}
                  className="h-8 font-mono text-xs"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={field.field}
                  value={values[field.key] ?? ""}
                  onChange={(e) => onChange(field.key, e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error ${inputId}-key` : `${inputId}-key`}
                />
                {error ? (
                  <p id={`${inputId}-error`} className="text-xs text-destructive">
                    {error}
                  </p>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
