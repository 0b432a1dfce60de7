/**
 * `/sign-in`. Clerk mode: Clerk's `<SignIn />`. Local mode: the offline
 * sign-in — any email and display name (zod-validated), or one click as the
 * seeded admin or creator — which sets the cookie session and registers the
 * user record (starter credits) right away.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { lazy, Suspense } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/form-fields";
import { useSchemaForm } from "~/components/use-schema-form";
import { api } from "~/utils/api";
import { getOptionalUser, requireLocalAuthMode } from "~/utils/auth.server";
import { convexClient } from "~/utils/convex.server";
import { getEnv } from "~/utils/env.server";
import { requireSameOrigin } from "~/utils/same-origin.server";
import { parseWithZod } from "~/utils/forms.server";
import { SignInSchema } from "~/utils/sign-in-schema";
import { signLocalToken } from "~/utils/local-auth.server";
import { safeRedirect } from "~/utils/redirect";
import { commitSignIn } from "~/utils/session.server";

/** One-click identities of the local stack (admin@example.com is in ADMIN_EMAILS). */
const PRESETS = {
  admin: { email: "admin@example.com", name: "Admin" },
  creator: { email: "creator@example.com", name: "Creator" },
} as const;

export const meta: MetaFunction = () => [
  { title: `Sign in · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const redirectTo = safeRedirect(
    url.searchParams.get("redirectTo"),
    "/create",
  );
  if (await getOptionalUser(args)) throw redirect(redirectTo);
  return { mode: getEnv().AUTH_MODE, redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  requireLocalAuthMode();
  requireSameOrigin(request);
  const formData = await request.formData();
  const redirectTo = safeRedirect(formData.get("redirectTo"), "/create");
  const preset = formData.get("preset");
  let user: { email: string; name: string };
  if (preset === "admin" || preset === "creator") {
    user = PRESETS[preset];
  } else {
    const submission = parseWithZod(formData, { schema: SignInSchema });
    if (submission.status !== "success") {
      return data({ result: submission.reply() }, { status: 400 });
    }
    const { email, name } = submission.value;
    user = { email: email.toLowerCase(), name };
  }
  try {
    // Create the user record now, so starter credits show on the next page.
    await convexClient(await signLocalToken(user)).mutation(
      api.users.store,
      {},
    );
  } catch (error) {
    // Not fatal: the browser registers the user again once connected.
    console.warn("Sign-in: users.store failed:", error);
  }
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await commitSignIn(request, user) },
  });
}

function LocalSignIn({ redirectTo }: { redirectTo: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy =
    navigation.state !== "idle" &&
    navigation.formAction?.startsWith("/sign-in");
  const [form, fields] = useSchemaForm({
    id: "field",
    schema: SignInSchema,
    lastResult: actionData?.result,
  });
  return (
    <div className="space-y-6">
      <Form method="post" className="grid gap-3" aria-label="Quick sign-in">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Button
          type="submit"
          name="preset"
          value="admin"
          variant="secondary"
          size="lg"
          disabled={busy}
        >
          Continue as admin@example.com (admin)
        </Button>
        <Button
          type="submit"
          name="preset"
          value="creator"
          variant="secondary"
          size="lg"
          disabled={busy}
        >
          Continue as creator@example.com
        </Button>
      </Form>

      <div
        className="flex items-center gap-3 text-sm text-slate-600"
        aria-hidden="true"
      >
        <span className="h-px flex-1 bg-slate-200" />
        or use any email
        <span className="h-px flex-1 bg-slate-200" />
      </div>

      <Form
        method="post"
        {...getFormProps(form)}
        className="space-y-4"
        aria-label="Sign in with an email"
      >
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {form.errors?.length ? (
          <Alert tone="error">{form.errors.join(" ")}</Alert>
        ) : null}
        <TextField
          field={fields.email}
          label="Email"
          type="email"
          autoComplete="email"
        />
        <TextField
          field={fields.name}
          label="Display name"
          hint="Shown in the header and to admins."
          autoComplete="name"
        />
        <Button type="submit" size="lg" className="w-full" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </div>
  );
}

// Clerk's sign-in widget loads only in clerk mode.
const ClerkSignIn = lazy(() =>
  import("@clerk/remix").then((clerk) => ({ default: clerk.SignIn })),
);

export default function SignInPage() {
  const { mode, redirectTo } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
        Sign in to {PRODUCT_NAME}
      </h1>
      {mode === "clerk" ? (
        <div className="mt-6 flex justify-center">
          <Suspense
            fallback={<p className="text-slate-600">Loading sign-in…</p>}
          >
            <ClerkSignIn routing="hash" forceRedirectUrl={redirectTo} />
          </Suspense>
        </div>
      ) : (
        <>
          <p className="mt-2 text-slate-700">
            This is the <strong>offline local sign-in</strong>: no password, no
            email is sent. It exists only when the app runs without Clerk, for
            development and tests.
          </p>
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
            <LocalSignIn redirectTo={redirectTo} />
          </div>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
