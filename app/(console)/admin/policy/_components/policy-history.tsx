"use client";

import { formatDateTime } from "@/components/format";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { compactRules, describePolicyChanges, policyRulesSchema } from "@/contracts/policy-rules";
import { ChangeLines } from "./describe";

type Version = RouterOutputs["policy"]["versions"][number];

/** Every version, newest first, each with what it changed from the one before. */
export function PolicyHistory({ versions }: { versions: Version[] }) {
  const rules = (version: Version | undefined) => compactRules(policyRulesSchema.parse(version?.rules ?? {}));
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>History</CardTitle>
        <CardDescription>
          Versions are never edited. Every proposal records the version that routed it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="divide-y">
          {versions.map((version, i) => {
            const previous = versions[i + 1];
            const changes = previous ? describePolicyChanges(rules(previous), rules(version)) : [];
            return (
              <li
                key={version.id}
                className="py-3 first:pt-0 last:pb-0"
                data-testid={`policy-version-${version.version}`}
              >
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="font-semibold">v{version.version}</span>
                  {version.isActive ? <Badge>Active</Badge> : null}
                  <span className="text-sm">{version.note ?? "—"}</span>
                  <span className="ml-auto text-xs text-muted-foreground">
                    {version.createdByName ?? "System"} · {formatDateTime(version.createdAt)}
                  </span>
                </div>
                {previous ? (
                  <div className="mt-2">
                    {changes.length > 0 ? (
                      <ChangeLines changes={changes} />
                    ) : (
                      <p className="text-sm text-muted-foreground">Same rules as v{previous.version}.</p>
                    )}
                  </div>
                ) : (
                  <p className="mt-1 text-sm text-muted-foreground">The first version.</p>
                )}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
