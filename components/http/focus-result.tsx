"use client";

import { type ComponentProps, type RefObject, useCallback, useEffect, useReducer, useRef } from "react";

/*
 * Where the focus goes after an action (WCAG 2.4.3). The button pressed is disabled while its request runs, or goes
 * away with the form, and Chromium then drops a keyboard user's focus to <body>: a screen reader says nothing of the
 * result, and the next Tab starts again from the top of the page. So the result takes the focus: the refusal, the
 * line saying what was done, or the heading of the page of what was made.
 */

/**
 * Focuses a result once React has drawn it: call it with the result's ref as the state that draws the result is
 * set. The target needs tabIndex={-1} unless it is a control. The same refusal twice still takes the focus again.
 */
export function useFocusResult(): (target: RefObject<HTMLElement | null>) => void {
  const wanted = useRef<RefObject<HTMLElement | null>>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const target = wanted.current?.current;
    if (!target) return;
    wanted.current = null;
    target.focus();
  });
  return useCallback((target: RefObject<HTMLElement | null>) => {
    wanted.current = target;
    redraw();
  }, []);
}

/**
 * Whether the focus went to <body> (the button pressed was disabled or went away): where a learner acted from inside
 * something they stay in, such as the editor's Ctrl+Enter, the result is read out without taking them out of it.
 */
export function focusWasLost(): boolean {
  return !document.activeElement || document.activeElement === document.body;
}

/** A ref whose element takes the focus as `when` turns true; with `ifLost`, only if the focus fell to <body>. */
export function useFocusWhen<T extends HTMLElement>(when: boolean, ifLost = false): RefObject<T | null> {
  const ref = useRef<T>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only `when` turning true moves the focus.
  useEffect(() => {
    if (when && (!ifLost || focusWasLost())) ref.current?.focus();
  }, [when]);
  return ref;
}

/** The page a form is about to open (a client navigation), whose ArrivalHeading then takes the focus. */
let arriving: string | null = null;

/** Call before router.push(path) when the page at `path` is the result: its ArrivalHeading takes the focus. */
export function focusOnArrival(path: string): void {
  arriving = path;
}

/**
 * A page's <h1> that takes the focus when a form's navigation (focusOnArrival) brought the keyboard user here, so
 * reading and Tab go on from the top of what was made; a page opened any other way leaves the focus alone.
 */
export function ArrivalHeading(props: Omit<ComponentProps<"h1">, "ref" | "tabIndex">) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (arriving !== window.location.pathname) return;
    arriving = null;
    heading.current?.focus();
  }, []);
  return <h1 ref={heading} tabIndex={-1} {...props} />;
}
