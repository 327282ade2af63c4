import { describe, expect, it } from "vitest";
import { scoresUrl } from "./score-sync";

describe("a line item's score service", () => {
  it("puts /scores on the path, before the query the LMS gave the line item", () => {
    expect(scoresUrl("https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3")).toBe(
      "https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3",
    );
    expect(scoresUrl("https://canvas.example.edu/api/lti/courses/1/line_items/5/")).toBe(
      "https://canvas.example.edu/api/lti/courses/1/line_items/5/scores",
    );
  });
});
