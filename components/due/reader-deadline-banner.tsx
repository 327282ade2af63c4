"use client";

import { useEffect, useState } from "react";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { useViewer } from "@/components/viewer/viewer";
import type { ItemDeadline, ReaderDeadlines } from "@/lib/classes/due-list";
import type { AssignmentKind } from "@/lib/content/item-kinds";
import { DeadlineNotice } from "./deadline-notice";

/**
 * DeadlineBanner for a page prerendered for everyone (a lesson's quiz): the reader's deadlines are asked for once the
 * platform knows they are signed in, never while serving the page.
 */
export function ReaderDeadlineBanner({ kind, itemSlug }: { kind: AssignmentKind; itemSlug: string }) {
  const { viewer } = useViewer();
  const signedIn = !!viewer?.user;
  const [deadlines, setDeadlines] = useState<ItemDeadline[]>([]);
  useEffect(() => {
    setDeadlines([]);
    if (!signedIn) return;
    const query = new URLSearchParams({ kind, item: itemSlug });
    // The due page lists every deadline too: the quiz works the same without the banner.
    return fetchForEffect<ReaderDeadlines>(`/api/me/deadlines?${query}`, { cache: "no-store" }, (answer) =>
      setDeadlines(answer.deadlines),
    );
  }, [kind, itemSlug, signedIn]);
  return <DeadlineNotice deadlines={deadlines} />;
}
