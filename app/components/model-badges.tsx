import { Badge } from "./ui/badge";

/** The flags of a model that creators care about when choosing one. */
export type ModelFlags = {
  isDefault: boolean;
  isPremium: boolean;
  isDeprecated: boolean;
  category?: string;
};

/**
 * Default / Premium / Budget / Experimental / Deprecated badges, in that
 * order. Deprecated is worded as advice because the model still works.
 */
export function ModelBadges({
  model,
  className,
}: {
  model: ModelFlags;
  className?: string;
}) {
  return (
    <span className={className ?? "inline-flex flex-wrap gap-1.5"}>
      {model.isDefault ? (
        <Badge
          tone="indigo"
          title="Picked for you unless you choose another model"
        >
          Default
        </Badge>
      ) : null}
      {model.isPremium ? (
        <Badge tone="amber" title="Highest quality, highest price">
          Premium
        </Badge>
      ) : null}
      {model.category === "budget" ? (
        <Badge tone="green" title="Lower price per second">
          Budget
        </Badge>
      ) : null}
      {model.category === "experimental" ? (
        <Badge tone="violet" title="New and still being evaluated">
          Experimental
        </Badge>
      ) : null}
      {model.isDeprecated ? (
        <Badge
          tone="red"
          title="Still works, but will be retired; prefer another model"
        >
          Deprecated
        </Badge>
      ) : null}
    </span>
  );
}
