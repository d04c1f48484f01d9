"use client";

import { useQueryClient } from "@tanstack/react-query";
import { UploadIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { importLimits } from "@/contracts/import-inputs";

const limitMb = importLimits.maxBytes / 1024 / 1024;

/**
 * Uploads a file for its dry run and opens its preview. The file goes to `POST /api/imports` as
 * the request body; the server decides everything (size, encoding, columns) and says why it refuses.
 */
export function UploadCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  async function upload() {
    if (!file) return;
    setNotice(null);
    if (file.size > importLimits.maxBytes) {
      setNotice({
        tone: "destructive",
        title: "The file is too large",
        text: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${limitMb} MB. Split it and import the parts.`,
      });
      return;
    }
    setUploading(true);
    try {
      const response = await fetch(`/api/imports?filename=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": file.type || "application/octet-stream" },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string; message?: string };
      if (!response.ok || !body.id) {
        setNotice({
          tone: "destructive",
          title: `${file.name} was not accepted`,
          text: body.message ?? `The server answered ${response.status}.`,
        });
        return;
      }
      await queryClient.invalidateQueries(trpc.import.list.pathFilter());
      router.push(`/imports/${body.id}`);
    } catch {
      setNotice({
        tone: "destructive",
        title: "The upload failed",
        text: "Check your connection and try again.",
      });
    } finally {
      setUploading(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Upload past messages</h2>
        </CardTitle>
        <CardDescription>
          A CSV (with a header row) or JSONL file, UTF-8, up to {limitMb} MB and{" "}
          {importLimits.maxRows.toLocaleString("en")} rows. Nothing is imported until you have seen the
          preview and started it.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            void upload();
          }}
        >
          <div className="grid min-w-0 flex-1 gap-1.5">
            <Label htmlFor="import-file">File</Label>
            <Input
              id="import-file"
              type="file"
              accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,text/csv,application/x-ndjson"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
          </div>
          <Button type="submit" disabled={!file || uploading}>
            <UploadIcon aria-hidden="true" />
            {uploading ? "Reading the file…" : "Upload and preview"}
          </Button>
        </form>
        <p className="text-sm text-muted-foreground">
          Columns read: a row id, the sender&apos;s email or phone, their name, subject, text and the received
          time. A channel column is ignored: imported messages are always the import channel, and their
          senders are never verified, so any change they ask for goes to a person.
        </p>
      </CardContent>
    </Card>
  );
}
