/**
 * The admin CSV downloads' one helper: header + every page's rows, RFC 4180
 * quoting with CRLF lines, formulas defused, booleans spelled out.
 */
import { describe, expect, test } from "vitest";
import { csvDownload, isoTime } from "./csv.server";

describe("csvDownload", () => {
  test("follows the cursor to the end and writes one CSV attachment", async () => {
    const pages = [
      {
        page: [{ a: "plain", n: 1, ok: true }],
        isDone: false,
        continueCursor: "c1",
      },
      {
        page: [
          { a: 'say "hi", then\nleave', n: -5, ok: false },
          { a: '=HYPERLINK("x")', n: 0, ok: true },
          { a: "-42", n: 2, ok: false },
          { a: "@SUM(A1)", n: 3, ok: true },
        ],
        isDone: true,
        continueCursor: "c2",
      },
    ];
    const cursors: (string | null)[] = [];
    const response = await csvDownload({
      filename: "x.csv",
      fetchPage: async ({ cursor }) => {
        cursors.push(cursor);
        return pages[cursors.length - 1];
      },
      columns: { a: (r) => r.a, n: (r) => r.n, ok: (r) => r.ok },
    });
    expect(cursors).toEqual([null, "c1"]);
    expect(response.headers.get("content-type")).toBe(
      "text/csv; charset=utf-8",
    );
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="x.csv"',
    );
    expect(await response.text()).toBe(
      [
        "a,n,ok",
        "plain,1,true",
        '"say ""hi"", then\nleave",-5,false',
        `"'=HYPERLINK(""x"")",0,true`,
        "-42,2,false",
        "'@SUM(A1),3,true",
        "",
      ].join("\r\n"),
    );
  });

  test("isoTime: UTC ISO 8601, empty when absent", () => {
    expect(isoTime(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
  });
});
