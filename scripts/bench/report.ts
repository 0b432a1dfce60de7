/**
 * The bench's one table: every figure next to its target as a ratio
 * (value / target; ≤ 1 meets it), printed once at the end of the run.
 */

/** One measured figure. Every target is an upper bound. */
export type Figure = {
  name: string;
  value: number;
  target: number;
  unit: string;
  /** How it was measured or what else was seen, printed under the table. */
  note?: string;
};

const figures: Figure[] = [];

/** Records a figure and echoes it at once (a long run shows progress). */
export function report(figure: Figure): void {
  figures.push(figure);
  console.log(`  ${figure.name}: ${formatValue(figure)}`);
}

/** value / target; 0 / 0 is 0, anything else over 0 is infinite. */
export function ratioOf({ value, target }: Figure): number {
  if (target === 0) return value === 0 ? 0 : Infinity;
  return value / target;
}

function formatNumber(value: number): string {
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1;
  return value.toLocaleString("en", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function formatValue(figure: Figure): string {
  const unit = figure.unit === "" ? "" : ` ${figure.unit}`;
  const ratio = ratioOf(figure);
  return `${formatNumber(figure.value)}${unit} / ${formatNumber(figure.target)}${unit} = ${Number.isFinite(ratio) ? ratio.toFixed(2) : "∞"}${ratio <= 1 ? "" : "  ✗"}`;
}

/** Prints every figure recorded so far as a Markdown table, then the notes. */
export function printTable(): void {
  if (figures.length === 0) return;
  console.log("\n| figure | value / target = ratio |\n| --- | --- |");
  for (const figure of figures)
    console.log(`| ${figure.name} | ${formatValue(figure)} |`);
  const notes = figures.filter((figure) => figure.note !== undefined);
  if (notes.length > 0) console.log("");
  for (const figure of notes) console.log(`- ${figure.name}: ${figure.note}`);
}
