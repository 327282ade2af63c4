import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FixText } from "./fix-text";

const parts = (fix: string) =>
  [...renderToStaticMarkup(<FixText fix={fix} />).matchAll(/<(pre|p)\b[^>]*>(.*?)<\/\1>/gs)].map(
    ([, tag, body]) => `${tag}: ${body!.replace(/<[^>]+>/g, "")}`,
  );

describe("FixText", () => {
  it("sets the lines of a multi-line fix as code and the sentences among them as prose", () => {
    expect(
      parts("Copy only the app:\nCOPY app/ ./app/\nPass the values at run time instead (docker run --env-file .env)."),
    ).toEqual([
      "p: Copy only the app:",
      "pre: COPY app/ ./app/",
      "p: Pass the values at run time instead (docker run --env-file .env).",
    ]);
    expect(parts("Before CMD:\nRUN useradd --uid 10001 app   (Alpine: adduser -D app)\nUSER app")).toEqual([
      "p: Before CMD:",
      "pre: RUN useradd --uid 10001 app   (Alpine: adduser -D app)\nUSER app",
    ]);
  });

  it("keeps YAML keys ending in a colon as code", () => {
    expect(parts("depends_on:\n  cache:\n    condition: service_healthy")).toEqual([
      "pre: depends_on:\n  cache:\n    condition: service_healthy",
    ]);
  });

  it("sets a one-line instruction as code, and a one-line sentence as prose with its quoted code", () => {
    expect(parts('CMD ["python", "app.py"]')).toEqual(["pre: CMD [&quot;python&quot;, &quot;app.py&quot;]"]);
    const html = renderToStaticMarkup(<FixText fix="Add `USER app` before CMD." />);
    expect(html).toMatch(/^<div data-fix="true"><p>Add <code[^>]*>USER app<\/code> before CMD\.<\/p><\/div>$/);
  });
});
