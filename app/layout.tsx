import type { Metadata, Viewport } from "next";
import { connection } from "next/server";

import { Providers } from "@/components/providers";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Changedesk", template: "%s · Changedesk" },
  description: "Customer messages become reviewed, reversible, audited changes to customer records.",
};

export const viewport: Viewport = {
  colorScheme: "light",
  themeColor: "#f9fafc",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which
  // a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
