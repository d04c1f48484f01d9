import { ArrowRightIcon } from "lucide-react";

import { cn } from "@/components/ui/utils";
import type { Address, FieldType } from "@/contracts/catalog";

import { AddressLines, FieldValue, isAddress, isEmptyValue, type AddressPart } from "./field-value";

const addressParts: readonly AddressPart[] = ["line1", "line2", "city", "region", "postalCode", "country"];

function normalizedPart(address: Address | undefined, part: AddressPart) {
  return (address?.[part] ?? "").trim();
}

export function changedAddressParts(current: unknown, proposed: unknown): Set<AddressPart> {
  const before = isAddress(current) ? current : undefined;
  const after = isAddress(proposed) ? proposed : undefined;
  return new Set(addressParts.filter((part) => normalizedPart(before, part) !== normalizedPart(after, part)));
}

const removedBox =
  "inline-block rounded-md border border-rose-200/80 bg-rose-50 px-2 py-1 text-rose-950 no-underline dark:border-rose-400/25 dark:bg-rose-400/10 dark:text-rose-100";
const addedBox =
  "inline-block rounded-md border border-emerald-200/80 bg-emerald-50 px-2 py-1 text-emerald-950 no-underline dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-100";
const removedPart =
  "rounded-[3px] bg-rose-200/70 px-0.5 line-through decoration-rose-700/70 dark:bg-rose-400/25";
const addedPart = "rounded-[3px] bg-emerald-200/70 px-0.5 font-semibold dark:bg-emerald-400/25";

/**
 * The current value struck through in red, then the proposed value in green. Addresses are
 * compared part by part and only the parts that change are emphasized, so a new postcode in an
 * otherwise identical address is obvious.
 */
export function ValueDiff({
  current,
  proposed,
  type,
  layout = "inline",
  className,
}: {
  current: unknown;
  proposed: unknown;
  type?: FieldType;
  /** inline: side by side, wrapping when narrow; stacked: current above proposed */
  layout?: "inline" | "stacked";
  className?: string;
}) {
  const address = type === "address" || isAddress(current) || isAddress(proposed);
  const changed = address ? changedAddressParts(current, proposed) : undefined;
  const currentEmpty = isEmptyValue(current);

  const before = currentEmpty ? (
    <span className="inline-block px-2 py-1">
      <span className="sr-only">Current value: </span>
      <FieldValue value={current} />
    </span>
  ) : (
    <del className={cn(removedBox, !address && "line-through decoration-rose-700/60")}>
      <span className="sr-only">Current value: </span>
      {address && isAddress(current) ? (
        <AddressLines address={current} highlight={changed} partClassName={removedPart} />
      ) : (
        <FieldValue value={current} type={type} />
      )}
    </del>
  );

  const after = (
    <ins className={addedBox}>
      <span className="sr-only">Proposed value: </span>
      {address && isAddress(proposed) ? (
        <AddressLines address={proposed} highlight={changed} partClassName={addedPart} />
      ) : (
        <FieldValue value={proposed} type={type} />
      )}
    </ins>
  );

  return (
    <div
      data-slot="value-diff"
      className={cn(
        "text-sm",
        layout === "inline"
          ? "flex flex-wrap items-start gap-x-2 gap-y-1.5"
          : "inline-flex flex-col items-start gap-1",
        className,
      )}
    >
      {before}
      <ArrowRightIcon
        aria-hidden="true"
        className={cn(
          "size-3.5 shrink-0 text-muted-foreground",
          layout === "inline" ? "mt-2" : "ml-2 rotate-90",
        )}
      />
      {after}
    </div>
  );
}
