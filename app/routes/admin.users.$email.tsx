/**
 * `/admin/users/<email>`: one user — live balance (`users.findByEmail`),
 * the grant/adjust form (`credits.grantCredits`), the role with promote /
 * demote behind a confirm step (`users.setRole`; ADMIN_EMAILS admins shown
 * as such), the credit ledger (`credits.getUserTransactions`) and their
 * videos (`videos.listVideosForUser`), both live and paginated; their plan,
 * overrides and unlocks (`plans.getUserAccess`, live) with the forms that
 * change them, and their access audit trail (`plans.getAccessAuditTrail`:
 * plans, overrides, unlocks, role changes and credit grants — who, when,
 * old → new).
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import {
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import {
  OverridesCard,
  PlanCard,
  UnlocksCard,
  type UserAccess,
} from "~/components/admin/access/access-panel";
import {
  AccessAuditTrail,
  type AccessAuditEntry,
} from "~/components/admin/access-audit-trail";
import { Card } from "~/components/admin/card";
import { GrantCreditsForm } from "~/components/admin/grant-credits-form";
import { LoadMore } from "~/components/load-more";
import { RolePanel } from "~/components/admin/role-panel";
import type { UserSummary } from "~/components/admin/user-table";
import { VideoTable } from "~/components/admin/video-table";
import {
  GeneralErrorBoundary,
  NotFoundPage,
} from "~/components/error-boundary";
import { LedgerTable, type LedgerEntry } from "~/components/ledger-table";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { DateTime } from "~/components/ui/date-time";
import { PageHeader } from "~/components/ui/page-header";
import type { VideoView } from "~/components/video-types";
import { requireAdminUser } from "~/utils/admin.server";
import { handleUserAction } from "~/utils/admin-users.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { formatCredits, formatUsd } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

/** Ledger entries and videos per page. */
const PAGE_SIZE = 10;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  {
    title: `${loaderData?.email ?? "User"} · Admin · ${PRODUCT_NAME}`,
  },
];

/** The user (404 when unknown), a page of their ledger (`?ledger=`) and of their videos (`?videos=`). */
export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const email = args.params.email ?? "";
  const params = new URL(args.request.url).searchParams;
  const ledgerCursor = params.get("ledger");
  const videosCursor = params.get("videos");
  const auditCursor = params.get("audit");
  const user = await loaderQuery(admin.token, api.users.findByEmail, {
    email,
  });
  if (!user) throw new Response("User not found", { status: 404 });
  const [ledger, videos, access, plans, models, audit] = await Promise.all([
    loaderQuery(admin.token, api.credits.getUserTransactions, {
      email,
      paginationOpts: { numItems: PAGE_SIZE, cursor: ledgerCursor },
    }),
    loaderQuery(admin.token, api.videos.listVideosForUser, {
      email,
      paginationOpts: { numItems: PAGE_SIZE, cursor: videosCursor },
    }),
    loaderQuery(admin.token, api.plans.getUserAccess, { email }),
    loaderQuery(admin.token, api.plans.listPlans, {}),
    loaderQuery(admin.token, api.models.getActiveModels, {}),
    loaderQuery(admin.token, api.plans.getAccessAuditTrail, {
      email,
      paginationOpts: { numItems: PAGE_SIZE, cursor: auditCursor },
    }),
  ]);
  const page = <T,>(p: {
    page: T[];
    isDone: boolean;
    continueCursor: string;
  }) => ({
    page: p.page,
    isDone: p.isDone,
    continueCursor: p.continueCursor,
  });
  return {
    email,
    user,
    isSelf: admin.email.toLowerCase() === email.toLowerCase(),
    ledgerPaged: ledgerCursor !== null,
    videosPaged: videosCursor !== null,
    ledger: page(ledger),
    videos: page(videos),
    auditPaged: auditCursor !== null,
    audit: page(audit),
    access,
    plans: plans.map((p) => ({ planId: p.planId, name: p.name })),
    models: models.map((m) => ({
      modelId: m.modelId,
      name: m.name,
      unlockCredits: m.unlockCredits,
    })),
  };
}

/**
 * `intent=grant`, `set-role`, `assign-plan`, `set-override`,
 * `clear-override`, `grant-unlock` or `revoke-unlock` (see
 * `handleUserAction`).
 */
export async function action(args: ActionFunctionArgs) {
  return handleUserAction(args);
}

export default function AdminUserPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { email } = loaderData;
  const live = useLiveQuery(api.users.findByEmail, { email }, loaderData.user, {
    requiresAuth: true,
  });
  const user = (live ?? loaderData.user) as UserSummary;
  const ledger = useLivePaginatedQuery(
    api.credits.getUserTransactions,
    { email },
    loaderData.ledger,
    PAGE_SIZE,
    { snapshot: loaderData.ledgerPaged },
  );
  const videos = useLivePaginatedQuery(
    api.videos.listVideosForUser,
    { email },
    loaderData.videos,
    PAGE_SIZE,
    { snapshot: loaderData.videosPaged },
  );
  const entries: LedgerEntry[] = ledger.results;
  const access = (useLiveQuery(
    api.plans.getUserAccess,
    { email },
    loaderData.access,
    { requiresAuth: true },
  ) ?? loaderData.access) as UserAccess;
  const audit = useLivePaginatedQuery(
    api.plans.getAccessAuditTrail,
    { email },
    loaderData.audit,
    PAGE_SIZE,
    { snapshot: loaderData.auditPaged },
  );
  const videoRows: VideoView[] = videos.results;
  const granting =
    navigation.state !== "idle" &&
    navigation.formData?.get("intent") === "grant";
  const grant = actionData?.intent === "grant" ? actionData : undefined;
  const role = actionData?.intent === "set-role" ? actionData : undefined;

  return (
    <>
      <p className="mb-4 text-sm">
        <Link
          to="/admin/users"
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          ← All users
        </Link>
      </p>
      <PageHeader
        title={user.name || email}
        description={
          <>
            <span className="break-all">{email}</span> · joined{" "}
            <DateTime value={user.createdAt} />
          </>
        }
      />
      {live === null ? (
        <Alert
          tone="warning"
          title="This user no longer exists."
          className="mb-6"
        />
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4">
          <Card title="Balance" id="balance-heading">
            <p
              className="text-3xl font-bold tabular-nums text-slate-900"
              aria-live="polite"
            >
              {formatCredits(user.balance)}
            </p>
            <p className="mt-1 text-sm text-slate-600">
              worth {formatUsd(user.balance)} · live
            </p>
          </Card>
          <Card title="Role" id="role-heading">
            <RolePanel
              user={user}
              email={email}
              isSelf={loaderData.isSelf}
              feedback={role}
            />
          </Card>
        </div>
        <Card
          title="Grant or deduct credits"
          id="grant-heading"
          className="lg:col-span-2"
        >
          {grant?.ok ? (
            <Alert tone="success" className="mb-4">
              {grant.message}
            </Alert>
          ) : null}
          <GrantCreditsForm
            key={grant?.at ?? "initial"}
            email={email}
            balance={user.balance}
            feedback={grant}
            submitting={granting}
          />
        </Card>
      </div>

      <section aria-labelledby="access-heading" className="mt-10">
        <h2
          id="access-heading"
          className="mb-1 text-xl font-bold text-slate-900"
        >
          Plan and access
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          What this user may use and what they pay. Changes reach their open
          pages at once.
        </p>
        <div className="grid gap-4 lg:grid-cols-3">
          <div className="space-y-4">
            <PlanCard access={access} plans={loaderData.plans} />
            <UnlocksCard access={access} models={loaderData.models} />
          </div>
          <OverridesCard access={access} models={loaderData.models} />
        </div>
      </section>

      <section aria-labelledby="access-audit-heading" className="mt-10">
        <h2
          id="access-audit-heading"
          className="mb-1 text-xl font-bold text-slate-900"
        >
          Access audit trail
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Plan, override, unlock, role and credit changes: who, when, old → new.
          Newest first.
        </p>
        <AccessAuditTrail entries={audit.results as AccessAuditEntry[]} />
        <LoadMore
          live={audit}
          continueCursor={loaderData.audit.continueCursor}
          param="audit"
          label="Older changes"
        />
      </section>

      <section aria-labelledby="ledger-heading" className="mt-10">
        <h2
          id="ledger-heading"
          className="mb-3 text-xl font-bold text-slate-900"
        >
          Credit history
        </h2>
        {entries.length === 0 ? (
          <EmptyState>No credit activity yet.</EmptyState>
        ) : (
          <LedgerTable entries={entries} />
        )}
        <LoadMore
          live={ledger}
          continueCursor={loaderData.ledger.continueCursor}
          param="ledger"
          label="Older entries"
        />
      </section>

      <section aria-labelledby="videos-heading" className="mt-10">
        <h2
          id="videos-heading"
          className="mb-3 text-xl font-bold text-slate-900"
        >
          Videos
        </h2>
        <VideoTable
          videos={videoRows}
          caption={`Videos of ${email}, newest first`}
          empty="This user hasn't made any videos yet."
        />
        <LoadMore
          live={videos}
          continueCursor={loaderData.videos.continueCursor}
          param="videos"
          label="Older videos"
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <NotFoundPage
            title="User not found"
            backTo="/admin/users"
            backLabel="Back to users"
          >
            No account has this email. People get an account the first time they
            sign in.
          </NotFoundPage>
        ),
      }}
    />
  );
}
