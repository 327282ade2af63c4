import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, RowHeader, Td, Th, Tr } from "./data-table";
import { Pagination } from "./pagination";
import { listHref } from "./query";
import { SortHeader } from "./sort-header";

const html = (element: React.ReactElement) => renderToStaticMarkup(element);

describe("listHref", () => {
  it("changes some of a list's query string, leaving out blank values", () => {
    const state = { q: "ann & bob", sort: "name", dir: "asc", page: 3 };
    expect(listHref("/instructor/learners", state, { page: undefined, dir: "desc" })).toBe(
      "/instructor/learners?q=ann+%26+bob&sort=name&dir=desc",
    );
    expect(listHref("/instructor/learners", { q: "" })).toBe("/instructor/learners");
  });
});

describe("SortHeader", () => {
  const href = (dir: string) => `/list?sort=joined&dir=${dir}`;

  it("marks the current sort with aria-sort and links to the other direction", () => {
    const markup = html(<SortHeader label="Joined" active={true} dir="desc" defaultDir="desc" href={href} />);
    expect(markup).toContain('aria-sort="descending"');
    expect(markup).toContain('href="/list?sort=joined&amp;dir=asc"');
    expect(markup).toContain("sort ascending");
  });

  it("leaves aria-sort off another column and sorts it in its default direction first", () => {
    const markup = html(<SortHeader label="Joined" active={false} dir="asc" defaultDir="desc" href={href} />);
    expect(markup).not.toContain("aria-sort");
    expect(markup).toContain('href="/list?sort=joined&amp;dir=desc"');
  });
});

describe("Pagination", () => {
  const props = { noun: "learner", label: "Learner pages", href: (p: number) => `/l?page=${p}` };
  const pages = (page: number, pageCount: number, total: number) => ({ page, pageCount, total, pageSize: 50 });

  it("says which rows are shown of how many, and links to the neighbouring pages", () => {
    const markup = html(<Pagination {...props} pages={pages(2, 20, 1000)} />);
    expect(markup).toContain("Showing 51–100 of 1,000 learners");
    expect(markup).toContain("Page 2 of 20");
    for (const page of [1, 3, 20]) expect(markup).toContain(`href="/l?page=${page}"`);
  });

  it("ends at the total on the last page and offers no page past it", () => {
    const markup = html(<Pagination {...props} pages={pages(3, 3, 120)} />);
    expect(markup).toContain("Showing 101–120 of 120 learners");
    expect(markup).not.toContain('href="/l?page=4"');
    expect(markup).not.toContain('rel="next"');
  });

  it("shows no page links when everything fits on one page", () => {
    const markup = html(<Pagination {...props} pages={pages(1, 1, 0)} />);
    expect(markup).toContain("No learners");
    expect(markup).not.toContain("Page 1 of 1");
  });
});

describe("DataTable", () => {
  it("names the table by its caption and gives column and row headers their scope", () => {
    const markup = html(
      <DataTable caption="Runners alive" testId="runners" head={<Th numeric>GPUs</Th>}>
        <Tr data-runner="r1">
          <RowHeader>host-1</RowHeader>
          <Td numeric>2</Td>
        </Tr>
      </DataTable>,
    );
    expect(markup).toContain('<caption class="sr-only">Runners alive</caption>');
    expect(markup).toMatch(/<th scope="col" class="[^"]*text-right[^"]*">GPUs<\/th>/);
    expect(markup).toMatch(/<th scope="row"[^>]*>host-1<\/th>/);
    expect(markup).toMatch(/<td class="[^"]*tabular-nums[^"]*">2<\/td>/);
    expect(markup).toContain('data-testid="runners"');
  });
});
