"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { useViewer } from "@/components/viewer/viewer";
import type { LessonVisit } from "@/lib/progress/viewer";

interface LessonVisitState {
  /** undefined for visitors, and until the platform has answered. */
  visit: LessonVisit | undefined;
  /** After a quiz attempt: the lesson may now be completed, and the outline's ticks may change. */
  quizAnswered(score: { correct: number; total: number }): void;
}

const LessonVisitContext = createContext<LessonVisitState>({ visit: undefined, quizAnswered: () => {} });

/**
 * Records a signed-in learner's visit once the lesson is on screen (never while serving the page, which is
 * prerendered and the same for everyone) and shares their progress on it with the parts of the page that show it.
 */
export function LessonVisitProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const { viewer, refresh } = useViewer();
  const [visit, setVisit] = useState<LessonVisit>();
  const signedIn = !!viewer?.user;
  useEffect(() => {
    if (!signedIn) return;
    // Progress is a nicety here: the lesson reads the same without it, and the next visit records it.
    return fetchForEffect<LessonVisit>(`/api/lessons/${encodeURIComponent(slug)}/visit`, { method: "POST" }, setVisit);
  }, [slug, signedIn]);
  const quizAnswered = useCallback(
    (score: { correct: number; total: number }) => {
      setVisit((prev) => ({ completed: !!prev?.completed || score.correct === score.total, lastAttempt: score }));
      void refresh();
    },
    [refresh],
  );
  const value = useMemo(() => ({ visit, quizAnswered }), [visit, quizAnswered]);
  return <LessonVisitContext.Provider value={value}>{children}</LessonVisitContext.Provider>;
}

export function useLessonVisit(): LessonVisitState {
  return useContext(LessonVisitContext);
}

/** "· completed" after the lesson's reading time, for a learner who has completed it. */
export function CompletedNote() {
  const { visit } = useLessonVisit();
  return visit?.completed ? <> · completed</> : null;
}
