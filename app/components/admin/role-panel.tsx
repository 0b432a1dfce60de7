/**
 * A user's role and how to change it (`users.setRole`), behind a confirm
 * step. Admins listed in `ADMIN_EMAILS` stay admins whatever their role, so
 * the panel says so instead of offering a demotion that would not take.
 */
import type { ErrorInfo } from "~/utils/errors";
import { Alert } from "../ui/alert";
import { ConfirmAction } from "./confirm-action";
import { RoleBadge, type UserSummary } from "./user-table";

/** The action's answer to a role change. */
export type RoleFeedback = {
  ok: boolean;
  message?: string;
  error?: ErrorInfo;
  confirm?: boolean;
};

/** The role of `user` and the confirmed promote / demote control. */
export function RolePanel({
  user,
  email,
  isSelf,
  feedback,
}: {
  user: UserSummary;
  email: string;
  /** True when this is the signed-in admin's own account. */
  isSelf: boolean;
  feedback?: RoleFeedback;
}) {
  const promote = user.role !== "admin";
  const target = promote ? "admin" : "creator";
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        Role: <RoleBadge user={user} />
      </p>
      {user.isAdminByEmail ? (
        <p className="text-sm text-slate-700">
          This email is listed in the deployment&apos;s{" "}
          <code className="rounded bg-slate-100 px-1">ADMIN_EMAILS</code>, so it
          is an admin whatever its role here
          {user.role === "admin" ? " (its role is also admin)" : ""}. Change
          that variable to remove it.
        </p>
      ) : isSelf && !promote ? (
        <p className="text-sm text-slate-700">
          This is your own account: another admin can remove your admin role.
        </p>
      ) : null}
      {feedback?.ok ? (
        <p role="status" className="text-sm font-medium text-emerald-800">
          {feedback.message}
        </p>
      ) : feedback?.error ? (
        <Alert tone="error" title={feedback.error.message}>
          {feedback.error.code === "INVALID_STATE"
            ? "You can't remove your own admin role."
            : feedback.error.detail}
        </Alert>
      ) : null}
      {user.isAdminByEmail || (isSelf && !promote) ? null : (
        <div className="flex flex-wrap gap-2">
          <ConfirmAction
            intent="set-role"
            fields={{ role: target }}
            label={promote ? "Make admin" : "Remove admin role"}
            variant={promote ? "primary" : "danger"}
            question={
              promote
                ? `Make ${email} an admin?`
                : `Remove ${email}'s admin role?`
            }
            description={
              promote
                ? "Admins can change models and prices, grant credits and change roles."
                : "They become a creator and lose the admin console at once."
            }
            confirmLabel={promote ? "Yes, make admin" : "Yes, remove"}
            pendingLabel="Saving…"
            askedByServer={feedback?.confirm}
          />
        </div>
      )}
    </div>
  );
}
