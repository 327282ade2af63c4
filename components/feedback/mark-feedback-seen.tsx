"use client";

import { useEffect } from "react";
import { sendJson } from "@/components/http/send-json";
import { useViewer } from "@/components/viewer/viewer";
import { commentsUrl } from "./comments-url";

/** Marks these comments seen once the page shows (serving it writes nothing), then refreshes the "New" marks. */
export function MarkFeedbackSeen({ submissionId, ids }: { submissionId: string; ids: string[] }) {
  const { refresh } = useViewer();
  const key = ids.join(",");
  useEffect(() => {
    if (key === "") return;
    void sendJson("POST", `${commentsUrl(submissionId)}/seen`, { ids: key.split(",") }).then((answer) =>
      answer.ok ? refresh() : undefined,
    );
  }, [submissionId, key, refresh]);
  return null;
}
