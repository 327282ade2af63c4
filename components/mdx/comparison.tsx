import { FramedTable } from "./framed-table";

/** A comparison table; the first row is the header. */
export function Comparison({ rows }: { rows: string[][] }) {
  const [header, ...body] = rows;
  if (!header) return null;
  return (
    <FramedTable>
      <thead>
        <tr>
          {header.map((cell) => (
            <th key={cell} scope="col">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {body.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows an author wrote, never reordered.
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells an author wrote, never reordered.
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells an author wrote, never reordered.
                <td key={j}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </FramedTable>
  );
}
