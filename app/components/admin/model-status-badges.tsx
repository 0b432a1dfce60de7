/**
 * The ModelManager's visual indicators (seed 000): premium crown, default
 * star, deprecated alert, inactive, deleted, plus the category. Every icon
 * has a text label, so colour and shape are never the only signal.
 */
import type { ModelDoc } from "~/utils/api";
import { formatQuality } from "~/utils/misc";
import { Badge } from "../ui/badge";
import { AlertIcon, CrownIcon, PauseIcon, StarIcon, TrashIcon } from "./icons";

/** The flags of a model the indicators read. */
export type IndicatorModel = Pick<
  ModelDoc,
  | "isDefault"
  | "isPremium"
  | "isDeprecated"
  | "isActive"
  | "category"
  | "deletedAt"
>;

/** Default / Premium / category / Deprecated / Inactive / Deleted badges. */
export function ModelStatusBadges({ model }: { model: IndicatorModel }) {
  return (
    <span className="inline-flex flex-wrap gap-1.5">
      {model.deletedAt !== undefined ? (
        <Badge tone="red" title="Soft-deleted: hidden from creators">
          <TrashIcon />
          Deleted
        </Badge>
      ) : null}
      {model.isDefault ? (
        <Badge tone="indigo" title="Preselected on the create form">
          <StarIcon />
          Default
        </Badge>
      ) : null}
      {model.isPremium ? (
        <Badge tone="amber" title="Premium model">
          <CrownIcon />
          Premium
        </Badge>
      ) : null}
      {model.category && !(model.category === "premium" && model.isPremium) ? (
        <Badge
          tone={
            model.category === "budget"
              ? "green"
              : model.category === "premium"
                ? "amber"
                : "violet"
          }
          title="Category"
        >
          {formatQuality(model.category)}
        </Badge>
      ) : null}
      {model.isDeprecated ? (
        <Badge tone="red" title="Still usable, marked for retirement">
          <AlertIcon />
          Deprecated
        </Badge>
      ) : null}
      {!model.isActive ? (
        <Badge tone="gray" title="Hidden from creators until activated">
          <PauseIcon />
          Inactive
        </Badge>
      ) : null}
    </span>
  );
}
