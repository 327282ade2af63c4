/** ENV and ARG names that announce a secret; the rule is shared with the static checks. */
export { looksLikeSecretName as isSecretVariableName } from "../grading/lib";
