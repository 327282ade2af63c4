import { LESSONS } from "../../../content/lesson-slugs";
import { STATIC } from "../../static/static-rule";

/** The spec fields every compose rule shares. */
export const COMPOSE_RULE = { ...STATIC, lesson: LESSONS.compose, params: ["compose.file"] };
