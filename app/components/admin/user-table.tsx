/**
 * Users as a table (search results, newest users): email linking to the
 * user's page, name, role (and whether admin rights come from
 * `ADMIN_EMAILS`), balance and when they joined.
 */
import { Link } from "@remix-run/react";
import type { Role } from "~/utils/api";
import { formatCredits } from "~/utils/misc";
import { Badge } from "../ui/badge";
import { DateTime } from "../ui/date-time";
import { ScrollTable, Td, Th } from "./table";

/** A `users.searchByEmail` / `users.listUsers` row. */
export type UserSummary = {
  _id: string;
  email?: string;
  name?: string;
  role: Role;
  isAdmin: boolean;
  isAdminByEmail: boolean;
  balance: number;
  createdAt: number;
};

/** `/admin/users/<email>`. */
export function userHref(email: string): string {
  return `/admin/users/${encodeURIComponent(email)}`;
}

/** Admin (role), Admin (ADMIN_EMAILS) or Creator. */
export function RoleBadge({ user }: { user: UserSummary }) {
  if (user.isAdminByEmail) {
    return (
      <Badge tone="violet" title="Listed in ADMIN_EMAILS: always an admin">
        Admin · ADMIN_EMAILS
      </Badge>
    );
  }
  if (user.isAdmin) return <Badge tone="indigo">Admin</Badge>;
  return <Badge tone="gray">Creator</Badge>;
}

/** Users in a scrolling table, each linking to their admin page. */
export function UserTable({
  users,
  caption,
}: {
  users: UserSummary[];
  caption: string;
}) {
  return (
    <ScrollTable caption={caption}>
      <thead className="bg-slate-50">
        <tr>
          <Th>Email</Th>
          <Th align="right">Balance</Th>
          <Th>Role</Th>
          <Th>Name</Th>
          <Th>Joined</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {users.map((user) => (
          <tr key={user._id}>
            <Td className="min-w-[12rem]">
              {user.email ? (
                <Link
                  to={userHref(user.email)}
                  className="break-all font-medium text-indigo-700 underline-offset-2 hover:underline"
                >
                  {user.email}
                </Link>
              ) : (
                <span className="text-slate-500">(no email)</span>
              )}
            </Td>
            <Td align="right" className="whitespace-nowrap">
              {formatCredits(user.balance)}
            </Td>
            <Td>
              <RoleBadge user={user} />
            </Td>
            <Td className="text-slate-700">{user.name ?? "—"}</Td>
            <Td className="whitespace-nowrap text-slate-700">
              <DateTime value={user.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
