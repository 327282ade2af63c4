import { Add, Copy, Run, type Heredoc, type Instruction } from "dockerfile-ast";

/** The here-documents of a RUN, COPY or ADD (the instructions BuildKit reads them for), as dockerfile-ast sees them. */
export function heredocsOf(instruction: Instruction): Heredoc[] {
  if (instruction instanceof Run || instruction instanceof Copy) return instruction.getHeredocs();
  // dockerfile-ast parses ADD's heredocs as well but only RUN and COPY make the method public.
  if (instruction instanceof Add) return (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
  return [];
}
