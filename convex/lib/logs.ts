/**
 * Bounded tails of Replicate prediction `logs` (ADR 0046). Replicate returns
 * the whole log on every poll and webhook; the studio shows only the last
 * lines, so we store at most `MAX_LOG_TAIL_LINES` lines and
 * `MAX_LOG_TAIL_CHARS` characters per video.
 */

export const MAX_LOG_TAIL_LINES = 20;
export const MAX_LOG_TAIL_CHARS = 4000;

/**
 * The last non-empty lines of `logs`, bounded in lines and characters
 * (a single over-long line keeps its end). Carriage-return progress
 * redraws (tqdm) keep only their last state.
 */
export function logTail(
  logs: string | null | undefined,
  maxLines = MAX_LOG_TAIL_LINES,
  maxChars = MAX_LOG_TAIL_CHARS,
): string {
  if (!logs) return "";
  const lines = logs
    .split("\n")
    .map((line) => {
      const redraws = line.split("\r");
      return redraws[redraws.length - 1].trimEnd();
    })
    .filter((line) => line.trim() !== "");
  let tail = lines.slice(-maxLines).join("\n");
  if (tail.length > maxChars) tail = tail.slice(tail.length - maxChars);
  return tail;
}
