"use client";

import { useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";

/**
 * A number input that keeps what the admin typed, even when it is not a valid value yet, says
 * why, and only hands valid numbers (or "no override" for an empty optional field) upwards.
 */
export function NumberSetting({
  label,
  value,
  onChange,
  onValidity,
  min = 0,
  max = 1,
  step = 0.01,
  integer = false,
  optional = false,
  placeholder,
  hideLabel = false,
  className,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  onValidity: (valid: boolean) => void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  optional?: boolean;
  placeholder?: string;
  hideLabel?: boolean;
  className?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? "" : String(value));
  const [error, setError] = useState<string | null>(null);

  function update(next: string) {
    setText(next);
    const problem = validate(next);
    setError(problem);
    onValidity(problem === null);
    if (problem === null) onChange(next.trim() === "" ? undefined : Number(next));
  }

  function validate(next: string): string | null {
    if (next.trim() === "") return optional ? null : "Required";
    const number = Number(next);
    if (!Number.isFinite(number)) return "Not a number";
    if (integer && !Number.isInteger(number)) return "A whole number";
    if (number < min || number > max) return `Between ${min} and ${max}`;
    return null;
  }

  return (
    <div className={cn("grid gap-1", className)}>
      <label htmlFor={id} className={cn("text-sm font-medium", hideLabel && "sr-only")}>
        {label}
      </label>
      <Input
        id={id}
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        step={step}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => update(event.target.value)}
        className="h-8 tabular-nums"
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
