"use client";

import { createContext } from "react";

/** Shows a file line ("Dockerfile:12") in the editor, selected and focused; false if the exercise has no such file. */
export type RevealLocation = (location: string) => boolean;

/** For anything under the exercise workspace (the instant checks, the report) that names a file line. */
export const RevealLocationContext = createContext<RevealLocation>(() => false);
