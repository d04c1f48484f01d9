import { parsePhoneNumberFromString } from "libphonenumber-js/min";

import { humanize } from "@/components/format";
import { cn } from "@/components/ui/utils";
import type { Address, FieldType } from "@/contracts/catalog";

export type AddressPart = keyof Address;

export function isAddress(value: unknown): value is Address {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.line1 === "string" &&
    typeof candidate.city === "string" &&
    typeof candidate.postalCode === "string" &&
    typeof candidate.country === "string"
  );
}

export function isEmptyValue(value: unknown) {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** E.164 as stored, shown grouped the international way: +14155550123 → +1 415 555 0123. */
export function formatPhone(value: string) {
  return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
}

export function NotSet({ className }: { className?: string }) {
  return (
    <span className={cn("text-muted-foreground", className)}>
      <span aria-hidden="true">—</span>
      <span className="sr-only">not set</span>
    </span>
  );
}

/**
 * An address on its lines. `highlight` marks the parts that changed (used by the diff);
 * `partClassName` says how a changed part looks.
 */
export function AddressLines({
  address,
  highlight,
  partClassName,
  className,
}: {
  address: Address;
  highlight?: ReadonlySet<AddressPart>;
  partClassName?: string;
  className?: string;
}) {
  const part = (key: AddressPart, text: string | undefined) =>
    text ? (
      <span
        data-part={key}
        data-changed={highlight?.has(key) || undefined}
        className={cn(highlight?.has(key) && partClassName)}
      >
        {text}
      </span>
    ) : null;

  const hasRegion = Boolean(address.region?.trim());
  return (
    <span data-slot="address" className={cn("flex flex-col leading-snug", className)}>
      <span>{part("line1", address.line1)}</span>
      {address.line2?.trim() ? <span>{part("line2", address.line2)}</span> : null}
      <span>
        {part("city", address.city)}
        {hasRegion ? ", " : null}
        {hasRegion ? part("region", address.region) : null} {part("postalCode", address.postalCode)}
      </span>
      <span>{part("country", address.country)}</span>
    </span>
  );
}

/**
 * A field value shown the way a reviewer reads it, by catalog field type. Without a type, the
 * shape of the value decides (boolean, address object, text).
 */
export function FieldValue({
  value,
  type,
  className,
}: {
  value: unknown;
  type?: FieldType;
  className?: string;
}) {
  if (isEmptyValue(value)) return <NotSet className={className} />;

  if (type === "boolean" || (type === undefined && typeof value === "boolean")) {
    return <span className={className}>{value === true || value === "true" ? "Yes" : "No"}</span>;
  }

  if (isAddress(value)) return <AddressLines address={value} className={className} />;

  if (typeof value === "string") {
    switch (type) {
      case "phone":
        return (
          <span className={cn("whitespace-nowrap tabular-nums", className)} title={value}>
            {formatPhone(value)}
          </span>
        );
      case "email":
        return <span className={cn("break-all", className)}>{value}</span>;
      case "enum":
        return (
          <span className={className} title={value}>
            {humanize(value)}
          </span>
        );
      case "date":
        return (
          <time dateTime={value} className={cn("tabular-nums", className)}>
            {value}
          </time>
        );
      default:
        return <span className={cn("break-words whitespace-pre-wrap", className)}>{value}</span>;
    }
  }

  if (typeof value === "number") {
    return <span className={cn("tabular-nums", className)}>{value.toLocaleString("en")}</span>;
  }
  if (typeof value === "boolean") return <span className={className}>{value ? "Yes" : "No"}</span>;
  if (Array.isArray(value)) {
    return value.length === 0 ? (
      <NotSet className={className} />
    ) : (
      <span className={className}>{value.map((item) => String(item)).join(", ")}</span>
    );
  }
  return <code className={cn("font-mono text-xs break-all", className)}>{JSON.stringify(value)}</code>;
}
