"use client";

import { humanize } from "@/components/format";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { roles, type Role } from "@/contracts/permissions";

/** A role picker; the trigger is a button, so a <label htmlFor> or aria-label names it. */
export function RoleSelect({
  value,
  onChange,
  disabled,
  ...trigger
}: {
  value: Role;
  onChange: (role: Role) => void;
  id?: string;
  disabled?: boolean;
  title?: string;
  className?: string;
  "aria-label"?: string;
}) {
  return (
    <Select
      value={value}
      disabled={disabled}
      onValueChange={(next) => {
        const role = roles.find((candidate) => candidate === next);
        if (role) onChange(role);
      }}
    >
      <SelectTrigger size="sm" {...trigger}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {roles.map((role) => (
          <SelectItem key={role} value={role}>
            {humanize(role)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
