"use client";

import { useEffect } from "react";
import { useViewer } from "@/components/viewer/viewer";
import { commentsUrl } from "./comments-url";

/**
 * Tells the platform the learner has been shown these comments, once the page is in front of them (serving the page
 * writes nothing); then the "New feedback" marks elsewhere are asked for again. A failure only leaves them new.
 */
export function MarkFeedbackSeen({ submissionId, ids }: { submissionId: string; ids: string[] }) {
  const { refresh } = useViewer();
  const key = ids.join(",");
  useEffect(() => {
    if (key === "") return;
    void fetch(`${commentsUrl(submissionId)}/seen`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids: key.split(",") }),
    })
      .then((response) => (response.ok ? refresh() : undefined))
      .catch(() => {});
  }, [submissionId, key, refresh]);
  return null;
}
