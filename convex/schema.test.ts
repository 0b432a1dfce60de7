/**
 * Every index in the schema is read by deployed code (issue 9's Convex
 * hygiene): an index no function uses still costs a write on every insert
 * and patch of its table. An index counts as used when a non-test module
 * both names its table and calls `withIndex` / `withSearchIndex` with its
 * name (index names repeat across tables, so the name alone is not enough).
 */
import { expect, test } from "vitest";
import schema from "./schema";

const sources = Object.entries(
  import.meta.glob<string>(["./**/*.ts", "!./_generated/**"], {
    query: "?raw",
    import: "default",
    eager: true,
  }),
).filter(
  ([path]) =>
    !path.endsWith(".test.ts") &&
    !path.endsWith(".testkit.ts") &&
    !path.startsWith("./test."),
);

type ExportedTable = {
  tableName: string;
  indexes: { indexDescriptor: string }[];
  searchIndexes: { indexDescriptor: string }[];
};

test("every index of the schema is used by a deployed function", () => {
  // `export()` is what `convex deploy` sends: every table with its indexes.
  const exported = (schema as unknown as { export(): string }).export();
  const { tables } = JSON.parse(exported) as { tables: ExportedTable[] };
  const unused: string[] = [];
  for (const table of tables) {
    const names = [...table.indexes, ...table.searchIndexes].map(
      (index) => index.indexDescriptor,
    );
    for (const name of names) {
      const call = new RegExp(`with(Search)?Index\\(\\s*"${name}"`);
      const used = sources.some(
        ([, text]) => text.includes(`"${table.tableName}"`) && call.test(text),
      );
      if (!used) unused.push(`${table.tableName}.${name}`);
    }
  }
  expect(unused).toEqual([]);
});
