import { ColumnHeads } from "@/components/table/column-heads";
import { FramedTable } from "./framed-table";

/** A comparison table; the first row is the header. */
export function Comparison({ rows }: { rows: string[][] }) {
  const [header, ...body] = rows;
  if (!header) return null;
  return (
    <FramedTable>
      <thead>
        <tr>
          <ColumnHeads labels={header} className="" />
        </tr>
      </thead>
      <tbody>
        {body.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows an author wrote, never reordered.
          <tr key={i}>
            {row.map((cell, j) => {
              const Cell = j === 0 ? "th" : "td";
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells an author wrote, never reordered.
                <Cell key={j} scope={j === 0 ? "row" : undefined}>
                  {cell}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </FramedTable>
  );
}
