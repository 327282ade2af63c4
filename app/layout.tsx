import type { Metadata } from "next";
import type { ReactNode } from "react";
import { LazyLiveReload } from "@/components/authoring/lazy-live-reload";
import { PreferencesProvider } from "@/components/layout/preferences";
import { SiteHeader } from "@/components/layout/site-header";
import { ViewerProvider } from "@/components/layout/viewer";
import { liveAuthoring } from "@/lib/content/live-authoring";
import { THEME_SCRIPT } from "@/lib/preferences/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Dockyard", template: "%s · Dockyard" },
  description: "Learn Docker for machine learning, graded for real.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // data-theme: the learner's theme, which the script below changes from the browser's copy before the first paint
    // (lib/preferences/theme-script.ts). The page is prerendered for everyone, so the attribute differs from the
    // HTML by the time React hydrates: suppressHydrationWarning says that is expected (on this element only).
    <html lang="en" data-theme="system" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant, allowed by its hash in every policy */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body
        className={
          "min-h-screen bg-white font-sans text-slate-900 antialiased " + "dark:bg-slate-950 dark:text-slate-100"
        }
      >
        <a
          href="#main"
          className={
            "sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 " +
            "focus:rounded focus:bg-white focus:p-2 focus:text-black"
          }
        >
          Skip to content
        </a>
        <ViewerProvider>
          <PreferencesProvider>
            <SiteHeader />
            <main id="main" className="mx-auto max-w-6xl px-4 py-8">
              {liveAuthoring() ? <LazyLiveReload>{children}</LazyLiveReload> : children}
            </main>
          </PreferencesProvider>
        </ViewerProvider>
      </body>
    </html>
  );
}
