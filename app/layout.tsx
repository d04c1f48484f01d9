import type { Metadata, Viewport } from "next";

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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
