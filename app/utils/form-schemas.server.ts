/**
 * zod schemas of the creator-facing forms, parsed in route actions. Kept in
 * a server-only module so zod stays out of those pages' browser bundles; the
 * browser checks the same rules with plain code for instant messages.
 */
import { z } from "zod";
import {
  MAX_PROMPT_LENGTH,
  PROMPT_REQUIRED_MESSAGE,
  PROMPT_TOO_LONG_MESSAGE,
} from "~/utils/rules";

/** The create-video form: model, duration (s), quality, prompt. */
export const CreateVideoSchema = z.object({
  model: z
    .string({ error: "Choose a model." })
    .trim()
    .min(1, { error: "Choose a model." }),
  duration: z.coerce
    .number({ error: "Choose a duration." })
    .int({ error: "Choose a duration." })
    .positive({ error: "Choose a duration." }),
  quality: z
    .string({ error: "Choose a quality." })
    .trim()
    .min(1, { error: "Choose a quality." }),
  prompt: z
    .string({ error: "Describe the video you want." })
    .trim()
    .min(1, { error: PROMPT_REQUIRED_MESSAGE })
    .max(MAX_PROMPT_LENGTH, { error: PROMPT_TOO_LONG_MESSAGE }),
  /** The price shown on the button (quote = charge). */
  expectedCredits: z.coerce.number().int().nonnegative().optional(),
  outputs: z.coerce
    .number({ error: "Choose how many videos." })
    .int({ error: "Choose how many videos." })
    .min(1, { error: "Choose how many videos." })
    .optional(),
});
