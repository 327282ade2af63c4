import { CACHE_CHECKS } from "../cache/run-cache-checks";
import { STACK_CHECKS } from "../compose/stack/stack-check-specs";
import type { CheckSpec } from "../grading/lib";
import { STATIC_CHECKS } from "../grading/lib";
import { IMAGE_CHECKS } from "../inspect/run-image-checks";
import { RUN_CHECKS } from "../run/run-container-checks";
import { CORE_CHECKS } from "./core-checks";

/** Every check the grader knows, in report order. */
export const CHECK_CATALOGUE: readonly CheckSpec[] = [
  ...CORE_CHECKS,
  ...STATIC_CHECKS,
  ...IMAGE_CHECKS,
  ...CACHE_CHECKS,
  ...RUN_CHECKS,
  ...STACK_CHECKS,
];
