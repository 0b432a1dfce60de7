import { cx, formatCredits, formatUsd } from "~/utils/misc";

/** A credit amount with its dollar value beside it: "90 credits ($0.90)". */
export function CreditCost({
  credits,
  className,
  showUsd = true,
}: {
  credits: number;
  className?: string;
  showUsd?: boolean;
}) {
  return (
    <span className={cx("whitespace-nowrap", className)}>
      <span className="font-semibold tabular-nums">
        {formatCredits(credits)}
      </span>
      {showUsd ? (
        <span className="ml-1 text-slate-600">({formatUsd(credits)})</span>
      ) : null}
    </span>
  );
}
