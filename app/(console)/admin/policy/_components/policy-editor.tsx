"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fieldCatalog, intentCatalog, riskTiers, type RiskTier } from "@/contracts/catalog";
import {
  compactRules,
  defaultPolicyRules,
  describePolicyChanges,
  type PolicyRules,
} from "@/contracts/policy-rules";
import { maxSlaMinutes, numberSettings } from "./describe";
import { NumberSetting } from "./number-setting";
import { PolicyHistory } from "./policy-history";
import { PublishPanel } from "./publish-panel";

type IntentKey = keyof PolicyRules["intents"];
type FieldKey = keyof PolicyRules["fields"];

export function PolicyEditor() {
  const trpc = useTRPC();
  const { data: active } = useSuspenseQuery(trpc.policy.active.queryOptions());
  const { data: versions } = useSuspenseQuery(trpc.policy.versions.queryOptions());
  const activeVersion = active?.version ?? 0;
  const [drafts, setDrafts] = useState(0);
  return (
    <div className="space-y-6">
      {/* a new active version (published here, or by someone else and reloaded) or a discard starts a fresh draft */}
      <PolicyForm
        key={`${activeVersion}-${drafts}`}
        activeVersion={activeVersion}
        activeRules={active?.rules ?? defaultPolicyRules}
        onDiscard={() => setDrafts((n) => n + 1)}
      />
      <PolicyHistory versions={versions} />
    </div>
  );
}

function PolicyForm({
  activeVersion,
  activeRules,
  onDiscard,
}: {
  activeVersion: number;
  activeRules: PolicyRules;
  onDiscard: () => void;
}) {
  const [draft, setDraft] = useState<PolicyRules>(activeRules);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const changes = describePolicyChanges(compactRules(activeRules), compactRules(draft));

  const validity = (key: string) => (valid: boolean) =>
    setInvalid((current) => {
      const next = new Set(current);
      if (valid) next.delete(key);
      else next.add(key);
      return next;
    });
  const setIntent = (
    intent: IntentKey,
    patch: Partial<{ enabled: boolean; threshold: number | undefined }>,
  ) =>
    setDraft((d) => ({
      ...d,
      intents: { ...d.intents, [intent]: { enabled: true, ...d.intents[intent], ...patch } },
    }));
  const setField = (
    field: FieldKey,
    patch: Partial<{ enabled: boolean; threshold: number | undefined; risk: RiskTier | undefined }>,
  ) =>
    setDraft((d) => ({
      ...d,
      fields: { ...d.fields, [field]: { enabled: true, ...d.fields[field], ...patch } },
    }));
  const setSla = (intent: IntentKey, minutes: number | undefined) =>
    setDraft((d) => {
      const slaMinutes = { ...d.slaMinutes };
      if (minutes === undefined) delete slaMinutes[intent];
      else slaMinutes[intent] = minutes;
      return { ...d, slaMinutes };
    });

  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Thresholds</CardTitle>
            <CardDescription>
              Rules are checked from the most to the least protective. High-risk fields always go to a person,
              critical ones to two.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {numberSettings.map((setting) => (
              <NumberSetting
                key={setting.key}
                label={setting.label}
                value={draft[setting.key]}
                integer={setting.integer}
                min={setting.min}
                max={setting.max}
                step={setting.integer ? 1 : 0.01}
                onChange={(v) => setDraft((d) => ({ ...d, [setting.key]: v ?? d[setting.key] }))}
                onValidity={validity(setting.key)}
              />
            ))}
          </CardContent>
        </Card>

        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Intents</CardTitle>
            <CardDescription>
              A disabled intent is declined (recorded, never applied). An empty box uses the threshold of the
              field&apos;s risk.
            </CardDescription>
          </CardHeader>
          <CardContent className="px-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="pl-5">Intent</TableHead>
                  <TableHead className="w-24">Enabled</TableHead>
                  <TableHead className="w-36">Threshold</TableHead>
                  <TableHead className="w-36 pr-5">SLA (minutes)</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {intentCatalog
                  .filter((intent) => intent.name !== "no_change")
                  .map((intent) => {
                    const rule = draft.intents[intent.name];
                    return (
                      <TableRow key={intent.name}>
                        <TableCell className="pl-5">
                          <div className="font-medium">{intent.label}</div>
                          {"alwaysReview" in intent && intent.alwaysReview ? (
                            <div className="text-xs text-muted-foreground">Always needs a person</div>
                          ) : null}
                        </TableCell>
                        <TableCell>
                          <Checkbox
                            aria-label={`${intent.label} enabled`}
                            checked={rule?.enabled ?? true}
                            onCheckedChange={(checked) =>
                              setIntent(intent.name, { enabled: checked === true })
                            }
                          />
                        </TableCell>
                        <TableCell>
                          <NumberSetting
                            label={`${intent.label} threshold`}
                            hideLabel
                            optional
                            placeholder="default"
                            value={rule?.threshold}
                            onChange={(threshold) => setIntent(intent.name, { threshold })}
                            onValidity={validity(`intent.${intent.name}`)}
                          />
                        </TableCell>
                        <TableCell className="pr-5">
                          <NumberSetting
                            label={`${intent.label} SLA in minutes`}
                            hideLabel
                            optional
                            integer
                            min={1}
                            max={maxSlaMinutes}
                            step={1}
                            placeholder={String(draft.defaultSlaMinutes)}
                            value={draft.slaMinutes[intent.name]}
                            onChange={(minutes) => setSla(intent.name, minutes)}
                            onValidity={validity(`sla.${intent.name}`)}
                          />
                        </TableCell>
                      </TableRow>
                    );
                  })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>

        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Fields</CardTitle>
            <CardDescription>
              The risk tier decides who must look; a field&apos;s own threshold wins over its intent&apos;s.
            </CardDescription>
          </CardHeader>
          <CardContent className="px-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="pl-5">Field</TableHead>
                  <TableHead className="w-24">Enabled</TableHead>
                  <TableHead className="w-48">Risk</TableHead>
                  <TableHead className="w-36 pr-5">Threshold</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {fieldCatalog.map((field) => {
                  const rule = draft.fields[field.key];
                  return (
                    <TableRow key={field.key}>
                      <TableCell className="pl-5">
                        <div className="font-medium">{field.label}</div>
                        <div className="font-mono text-xs text-muted-foreground">{field.key}</div>
                      </TableCell>
                      <TableCell>
                        <Checkbox
                          aria-label={`${field.label} (${field.key}) enabled`}
                          checked={rule?.enabled ?? true}
                          onCheckedChange={(checked) => setField(field.key, { enabled: checked === true })}
                        />
                      </TableCell>
                      <TableCell>
                        <Select
                          value={rule?.risk ?? "default"}
                          onValueChange={(value) =>
                            setField(field.key, { risk: riskTiers.find((tier) => tier === value) })
                          }
                        >
                          <SelectTrigger
                            size="sm"
                            aria-label={`${field.label} (${field.key}) risk`}
                            className="w-44"
                          >
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            <SelectItem value="default">{field.risk} (default)</SelectItem>
                            {riskTiers.map((tier) => (
                              <SelectItem key={tier} value={tier}>
                                {tier}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                      </TableCell>
                      <TableCell className="pr-5">
                        <NumberSetting
                          label={`${field.label} (${field.key}) threshold`}
                          hideLabel
                          optional
                          placeholder="default"
                          value={rule?.threshold}
                          onChange={(threshold) => setField(field.key, { threshold })}
                          onValidity={validity(`field.${field.key}`)}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </div>

      <PublishPanel
        activeVersion={activeVersion}
        draft={draft}
        changes={changes}
        valid={invalid.size === 0}
        onDiscard={onDiscard}
      />
    </div>
  );
}
