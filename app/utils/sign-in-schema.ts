/**
 * The local sign-in form's schema, used by the browser (conform) and the
 * `/sign-in` action alike. Only the local stack shows this form.
 */
import { z } from "zod";

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
