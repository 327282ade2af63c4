import type { ComponentProps } from "react";
import { ScrollRegion } from "../layout/scroll-region";

/**
 * A lesson's table in a frame of its own: on a phone a wide table scrolls sideways inside it instead of widening the
 * page. `relative` keeps screen-reader-only text inside the frame too.
 */
export function FramedTable(props: ComponentProps<"table">) {
  return (
    <ScrollRegion label="Table" className="relative my-6 overflow-x-auto">
      <table {...props} />
    </ScrollRegion>
  );
}
