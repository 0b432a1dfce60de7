/**
 * zod schemas of the creator-facing forms, parsed in route actions. Kept in
 * a server-only module so zod stays out of those pages' browser bundles; the
 * browser checks the same rules with plain code for instant messages.
 */
import { z } from "zod";
import { MAX_PROMPT_LENGTH } from "~/components/video-generation-form";

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
    .min(1, {
      error: "Describe the video you want: the prompt can't be blank.",
    })
    .max(MAX_PROMPT_LENGTH, {
      error: `Keep the prompt to ${MAX_PROMPT_LENGTH} characters or fewer.`,
    }),
  outputs: z.coerce
    .number({ error: "Choose how many videos." })
    .int({ error: "Choose how many videos." })
    .min(1, { error: "Choose how many videos." })
    .optional(),
});

/** The local sign-in form: email and display name. */
export const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, { error: "Enter your email address." })
    .pipe(
      z.email({ error: "Enter a valid email address, like you@example.com." }),
    ),
  name: z
    .string({ error: "Enter a display name." })
    .trim()
    .min(1, { error: "Enter a display name." })
    .max(60, { error: "Keep the display name to 60 characters or fewer." }),
});
