/**
 * CSV text (RFC 4180): fields with a comma, quote or line break are quoted,
 * quotes doubled; lines end with CRLF. Fields that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) are prefixed with `'` unless they
 * are plain numbers (OWASP "CSV injection").
 */

export type CsvValue = string | number | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) {
    if (!/^[-+]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
