/**
 * Text limits and their messages, in one place: the mutations enforce them
 * and the web app's forms import them (pure code, safe in the browser), so
 * a limit and its wording never differ between the two.
 */

/** Longest prompt, in characters, after trimming (API-CONTRACT `createVideo`). */
export const MAX_PROMPT_LENGTH = 2000;
export const PROMPT_REQUIRED_MESSAGE =
  "Describe the video you want: the prompt can't be blank.";
export const PROMPT_TOO_LONG_MESSAGE = `Keep the prompt to ${MAX_PROMPT_LENGTH} characters or fewer.`;

/**
 * The problem with a prompt (already trimmed), or null when it is fine.
 * Rule: 1–2,000 characters after trimming (API-CONTRACT `createVideo`).
 */
export function checkPrompt(prompt: string): string | null {
  if (prompt.length === 0) return PROMPT_REQUIRED_MESSAGE;
  if (prompt.length > MAX_PROMPT_LENGTH) return PROMPT_TOO_LONG_MESSAGE;
  return null;
}

/** Longest reason an admin gives for a credit grant or a role change. */
export const MAX_REASON_LENGTH = 500;
export const REASON_REQUIRED_MESSAGE = "Give a reason.";
export const REASON_TOO_LONG_MESSAGE = `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`;

/** The problem with a reason (already trimmed), or null when it is fine. */
export function checkReason(reason: string): string | null {
  if (reason.length === 0) return REASON_REQUIRED_MESSAGE;
  if (reason.length > MAX_REASON_LENGTH) return REASON_TOO_LONG_MESSAGE;
  return null;
}
