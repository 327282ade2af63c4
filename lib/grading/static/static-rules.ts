import { COMPOSE_RULES } from "../compose/compose-rules";
import { DOCKERFILE_RULES } from "./dockerfile-rules";
import type { StaticRule } from "./static-rule";

/** The static catalogue, in the order results are listed: security, size, cache, correctness, gpu, compose. */
export const STATIC_RULES: readonly StaticRule[] = [...DOCKERFILE_RULES, ...COMPOSE_RULES];
