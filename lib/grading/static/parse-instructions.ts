// Kept only for copy-sources.ts, which another change is rewriting: it should import from the model directly.
export { flagValue, type DockerInstruction } from "../../dockerfile/model";
