/**
 * Pure rules about models: what makes a model definition valid, which
 * duration/quality combinations a model accepts, and what they cost. No `ctx`
 * here, so the Remix forms import the same rules for their field messages
 * while the mutations stay the security boundary.
 *
 * Sources: API-CONTRACT "Units and rules" and "Models"; seed 000
 * (`validateModelCapabilities`, fixed-duration models).
 */
import {
  computeCreditCost,
  isValidCostPerSecond,
  isValidQualityMultiplier,
  MAX_DURATION_SECONDS,
  MAX_LEDGER_AMOUNT,
  MAX_PRICE_MULTIPLIER,
} from "./money";
import {
  maxOutputsOf,
  modifiedPricing,
  validateInputDefinitions,
  type ModelInputsShape,
} from "./modelInputs";

/** The fields of a model that pricing and capability checks need. */
export type ModelCapabilities = {
  costPerSecond: number;
  supportedDurations: number[];
  supportedQualities: string[];
  qualityMultipliers?: Record<string, number>;
  maxDuration?: number;
  fixedDuration?: number;
};

/** The fields of a model definition that `validateModelDefinition` checks. */
export type ModelDefinition = ModelCapabilities &
  ModelInputsShape & {
    modelId: string;
    name: string;
    description: string;
    version?: string;
    provider: string;
    category?: string;
    tags?: string[];
    replicateModelId: string;
    modelParameters?: unknown;
    isActive: boolean;
    isDefault: boolean;
    isDeprecated: boolean;
    unlockCredits?: number;
    sunsetAt?: number;
    successorModelId?: string;
    /** What the provider charges us, US$/s (revenue margins; issue 11). */
    providerCostPerSecond?: number;
  };

/** Largest one-time unlock price, in credits (US$10,000). */
export const MAX_UNLOCK_CREDITS = 1_000_000;

/** One rule broken by a model definition, named by its field. */
export type FieldError = { field: string; message: string };

/** A capability problem, coded as in API-CONTRACT `validateModelCapabilities`. */
export type CapabilityError = {
  code: "UNSUPPORTED_DURATION" | "UNSUPPORTED_QUALITY";
  message: string;
};

/** Any identifier without whitespace; `owner/name` is the convention. */
export const MODEL_ID_PATTERN = /^\S+$/;
export const REPLICATE_MODEL_ID_PATTERN =
  /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(:[A-Za-z0-9][\w.-]*)?$/;
/**
 * Quality names are keys of `qualityMultipliers`, and Convex record keys must
 * be ASCII and not start with "$" or "_".
 */
const QUALITY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
/**
 * Names a plain object inherits (`constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, `__proto__`, ...): refused as quality names, so no
 * lookup by quality can ever land on an inherited member (issue 9).
 */
export const RESERVED_OBJECT_KEYS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);
/** Keys the platform itself sets in the Replicate input. */
export const RESERVED_INPUT_KEYS = ["prompt", "duration"] as const;
/** Categories the admin filter offers (API-CONTRACT "Default models"). */
export const MODEL_CATEGORIES = ["premium", "budget", "experimental"] as const;
export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_LIST_LENGTH = 20;
export const MAX_SLUG_LENGTH = 40;

const isPositiveWholeSeconds = (n: number) =>
  Number.isSafeInteger(n) && n > 0 && n <= MAX_DURATION_SECONDS;

const hasDuplicates = (values: readonly (string | number)[]) =>
  new Set(values).size !== values.length;

/**
 * Checks a complete model definition (as it would be stored after a create
 * or an update) and lists every broken rule, field by field.
 *
 * Rules: `modelId` 1–100 characters without whitespace (`owner/name` by
 * convention); `name` 1–100 characters;
 * `costPerSecond` US$ 0–1000 with ≤ 4 decimals; `supportedDurations` a
 * non-empty list of distinct whole seconds (1–3600); `supportedQualities` a
 * non-empty list of distinct short names (ASCII, usable as record keys); each multiplier names a supported quality
 * and is > 0, ≤ 100 with ≤ 2 decimals; `maxDuration` whole seconds allowing at
 * least one supported duration; `fixedDuration` one of `supportedDurations`
 * (and ≤ `maxDuration`); `replicateModelId` `owner/name` or
 * `owner/name:version`; `modelParameters` a plain object that does not set
 * `prompt` or `duration`; `providerCostPerSecond` (when set) US$ 0–1000 with
 * ≤ 4 decimals; a default model must be active and not deprecated.
 *
 * @returns `[]` when valid.
 */
export function validateModelDefinition(model: ModelDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) =>
    errors.push({ field, message });

  if (!MODEL_ID_PATTERN.test(model.modelId) || model.modelId.length > 100) {
    add(
      "modelId",
      'Model ID must be 1–100 characters without spaces, e.g. "owner/name".',
    );
  }
  const name = model.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    add("name", `Name must be 1–${MAX_NAME_LENGTH} characters.`);
  }
  if (model.description.length > MAX_DESCRIPTION_LENGTH) {
    add(
      "description",
      `Description must be at most ${MAX_DESCRIPTION_LENGTH} characters.`,
    );
  }
  if (model.version !== undefined && model.version.trim().length === 0) {
    add("version", "Version must not be blank (leave it out instead).");
  }
  if (!isValidCostPerSecond(model.costPerSecond)) {
    add(
      "costPerSecond",
      "Cost per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
    );
  }

  const durations = model.supportedDurations;
  if (durations.length === 0) {
    add("supportedDurations", "List at least one supported duration.");
  } else if (durations.length > MAX_LIST_LENGTH) {
    add("supportedDurations", `List at most ${MAX_LIST_LENGTH} durations.`);
  } else if (!durations.every(isPositiveWholeSeconds)) {
    add(
      "supportedDurations",
      `Durations must be whole seconds from 1 to ${MAX_DURATION_SECONDS}.`,
    );
  } else if (hasDuplicates(durations)) {
    add("supportedDurations", "Durations must not repeat.");
  }

  const qualities = model.supportedQualities;
  if (qualities.length === 0) {
    add("supportedQualities", "List at least one supported quality.");
  } else if (qualities.length > MAX_LIST_LENGTH) {
    add("supportedQualities", `List at most ${MAX_LIST_LENGTH} qualities.`);
  } else if (
    !qualities.every(
      (q) => QUALITY_PATTERN.test(q) && q.length <= MAX_SLUG_LENGTH,
    )
  ) {
    add(
      "supportedQualities",
      'Qualities must be short names of letters, digits, spaces, ".", "_" or "-", such as "standard" or "HD".',
    );
  } else if (qualities.some((q) => RESERVED_OBJECT_KEYS.has(q))) {
    add(
      "supportedQualities",
      `"${qualities.find((q) => RESERVED_OBJECT_KEYS.has(q))}" is reserved; name the quality differently.`,
    );
  } else if (hasDuplicates(qualities)) {
    add("supportedQualities", "Qualities must not repeat.");
  }

  for (const [quality, multiplier] of Object.entries(
    model.qualityMultipliers ?? {},
  )) {
    if (!qualities.includes(quality)) {
      add(
        "qualityMultipliers",
        `Multiplier for "${quality}", which is not a supported quality.`,
      );
    } else if (!isValidQualityMultiplier(multiplier)) {
      add(
        "qualityMultipliers",
        `Multiplier for "${quality}" must be above 0 and at most 100, with at most 2 decimal places.`,
      );
    }
  }

  if (model.maxDuration !== undefined) {
    if (!isPositiveWholeSeconds(model.maxDuration)) {
      add(
        "maxDuration",
        `Maximum duration must be whole seconds from 1 to ${MAX_DURATION_SECONDS}.`,
      );
    } else if (
      durations.length > 0 &&
      durations.every((d) => d > model.maxDuration!)
    ) {
      add("maxDuration", "Maximum duration is below every supported duration.");
    }
  }
  if (model.fixedDuration !== undefined) {
    if (!durations.includes(model.fixedDuration)) {
      add(
        "fixedDuration",
        "Fixed duration must be one of the supported durations.",
      );
    } else if (
      model.maxDuration !== undefined &&
      model.fixedDuration > model.maxDuration
    ) {
      add("fixedDuration", "Fixed duration is above the maximum duration.");
    }
  }

  if (
    model.provider.trim().length === 0 ||
    model.provider.length > MAX_SLUG_LENGTH
  ) {
    add("provider", `Provider must be 1–${MAX_SLUG_LENGTH} characters.`);
  }
  if (
    model.category !== undefined &&
    (model.category.trim().length === 0 ||
      model.category.length > MAX_SLUG_LENGTH)
  ) {
    add(
      "category",
      `Category must be 1–${MAX_SLUG_LENGTH} characters, such as "budget".`,
    );
  }
  if (model.tags !== undefined) {
    if (model.tags.length > MAX_LIST_LENGTH) {
      add("tags", `At most ${MAX_LIST_LENGTH} tags.`);
    } else if (
      model.tags.some(
        (t) => t.trim().length === 0 || t.length > MAX_SLUG_LENGTH,
      )
    ) {
      add("tags", `Tags must be 1–${MAX_SLUG_LENGTH} characters.`);
    } else if (hasDuplicates(model.tags)) {
      add("tags", "Tags must not repeat.");
    }
  }
  if (!REPLICATE_MODEL_ID_PATTERN.test(model.replicateModelId)) {
    add(
      "replicateModelId",
      'Replicate model must be "owner/name" or "owner/name:version".',
    );
  }
  if (model.modelParameters !== undefined) {
    const params = model.modelParameters;
    if (
      params === null ||
      typeof params !== "object" ||
      Array.isArray(params)
    ) {
      add("modelParameters", "Model parameters must be a JSON object.");
    } else {
      const reserved = RESERVED_INPUT_KEYS.filter((k) => k in params);
      if (reserved.length > 0) {
        add(
          "modelParameters",
          `Model parameters must not set ${reserved.join(" or ")}: the platform sets them.`,
        );
      }
    }
  }
  if (
    model.providerCostPerSecond !== undefined &&
    !isValidCostPerSecond(model.providerCostPerSecond)
  ) {
    add(
      "providerCostPerSecond",
      "The provider's price per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
    );
  }
  if (model.isDefault && (!model.isActive || model.isDeprecated)) {
    add("isDefault", "The default model must be active and not deprecated.");
  }
  if (
    model.unlockCredits !== undefined &&
    (!Number.isSafeInteger(model.unlockCredits) ||
      model.unlockCredits < 1 ||
      model.unlockCredits > MAX_UNLOCK_CREDITS)
  ) {
    add(
      "unlockCredits",
      `Unlock price must be a whole number of credits from 1 to ${MAX_UNLOCK_CREDITS}.`,
    );
  }
  if (model.sunsetAt !== undefined && !Number.isSafeInteger(model.sunsetAt)) {
    add("sunsetAt", "Sunset must be a time in ms since epoch.");
  }
  if (
    model.successorModelId !== undefined &&
    model.successorModelId === model.modelId
  ) {
    add("successorModelId", "A model cannot be its own successor.");
  }
  errors.push(...validateInputDefinitions(model));
  if (errors.length === 0) {
    const problem = ledgerCapProblem(model);
    if (problem !== null) add("costPerSecond", problem);
  }
  return errors;
}

/**
 * The durations a model accepts, ascending: `[fixedDuration]` for a
 * fixed-duration model, else the supported durations not above `maxDuration`.
 */
export function allowedDurations(model: ModelCapabilities): number[] {
  if (model.fixedDuration !== undefined) return [model.fixedDuration];
  return model.supportedDurations
    .filter((d) => model.maxDuration === undefined || d <= model.maxDuration)
    .sort((a, b) => a - b);
}

/**
 * Checks a duration (seconds) and a quality against a model's capabilities.
 * Both problems are reported when both are wrong (API-CONTRACT
 * `validateModelCapabilities`).
 */
export function checkCapabilities(
  model: ModelCapabilities,
  duration: number,
  quality: string,
): CapabilityError[] {
  const errors: CapabilityError[] = [];
  const durations = allowedDurations(model);
  if (!durations.includes(duration)) {
    errors.push({
      code: "UNSUPPORTED_DURATION",
      message:
        model.fixedDuration !== undefined
          ? `This model only makes ${model.fixedDuration}-second videos.`
          : `Duration ${duration}s is not supported; choose ${durations.map((d) => `${d}s`).join(", ")}.`,
    });
  }
  if (!model.supportedQualities.includes(quality)) {
    errors.push({
      code: "UNSUPPORTED_QUALITY",
      message: `Quality "${quality}" is not supported; choose ${model.supportedQualities.join(", ")}.`,
    });
  }
  return errors;
}

/**
 * The multiplier for a quality: its OWN entry in `qualityMultipliers`, else
 * 1 (API-CONTRACT "Units and rules"). Never an inherited member: a quality
 * named "toString" costs ×1, not a function.
 */
export function qualityMultiplier(
  model: ModelCapabilities,
  quality: string,
): number {
  const multipliers = model.qualityMultipliers;
  return multipliers !== undefined && Object.hasOwn(multipliers, quality)
    ? multipliers[quality]
    : 1;
}

/** What a creator asks for beyond duration and quality. */
export type PriceRequest = {
  /** Accepted input values (see `parseRequestInputs`). */
  inputs?: Record<string, unknown>;
  /** Number of outputs, 1–4 (default 1). */
  outputs?: number;
};

/**
 * What a particular caller pays beyond the list price (API-CONTRACT "Plans,
 * overrides, unlocks"): a per-user `costPerSecond` that replaces the list
 * price, and the plan's `priceMultiplier`. Absent fields = list price.
 */
export type CallerTerms = {
  /** US$ per second replacing the model's list price (a user override). */
  costPerSecond?: number;
  /** The plan's multiplier (≤ 2 decimals), 1 when absent. */
  priceMultiplier?: number;
};

/**
 * Credit cost of a valid combination (call `checkCapabilities`, and for
 * inputs `parseRequestInputs`, first), for a caller with `terms` (list
 * price without): ceil(price per second × duration × quality multiplier ×
 * every applying modifier multiplier × outputs × plan multiplier × 100),
 * exact. The price per second is the caller's override when they have one,
 * else an applying modifier's `costPerSecond`, else the model's
 * (API-CONTRACT "Model inputs and price modifiers", "Plans, overrides,
 * unlocks"; composition order in ADR 0035).
 * @returns integer credits, exact (see `computeCreditCost`).
 */
export function creditCostFor(
  model: ModelCapabilities & ModelInputsShape,
  duration: number,
  quality: string,
  request: PriceRequest = {},
  terms: CallerTerms = {},
): number {
  const { costPerSecond, multipliers } = modifiedPricing(model, request.inputs);
  const outputs = request.outputs ?? 1;
  const extra = outputs === 1 ? [...multipliers] : [...multipliers, outputs];
  if (terms.priceMultiplier !== undefined && terms.priceMultiplier !== 1)
    extra.push(terms.priceMultiplier);
  return computeCreditCost(
    terms.costPerSecond ?? costPerSecond,
    duration,
    qualityMultiplier(model, quality),
    extra,
  );
}

/** A model's scheduled price changes, as stored on it. */
export type WithScheduledPrices = {
  costPerSecond: number;
  scheduledPriceChanges?: { costPerSecond: number; effectiveAt: number }[];
};

/**
 * The model as it stands at `now`: a scheduled price change whose time has
 * come counts even before the scheduler has applied it, so a quote never
 * lags the announced time (API-CONTRACT "Scheduled prices and sunsets").
 * @returns the same object when nothing is due, else a copy with the due
 *   price and only the changes still ahead.
 */
export function asOf<T extends WithScheduledPrices>(model: T, now: number): T {
  const changes = model.scheduledPriceChanges;
  if (changes === undefined || changes.length === 0) return model;
  const due = changes.filter((c) => c.effectiveAt <= now);
  if (due.length === 0) return model;
  const latest = due.reduce((a, b) => (b.effectiveAt >= a.effectiveAt ? b : a));
  return {
    ...model,
    costPerSecond: latest.costPerSecond,
    scheduledPriceChanges: changes.filter((c) => c.effectiveAt > now),
  };
}

/** True when a sunset date has come (the model counts as inactive). */
export function isSunset(model: { sunsetAt?: number }, now: number): boolean {
  return model.sunsetAt !== undefined && model.sunsetAt <= now;
}

/**
 * An upper bound on the credits of one video of a (valid) model, for any
 * caller: its longest allowed duration at its dearest quality, the dearest
 * price per second any modifier can set, the largest applying multiplier of
 * each input (one value per input applies at a time), its `maxOutputs`, and
 * the largest multiplier a plan may set (`MAX_PRICE_MULTIPLIER`). Catalogue
 * validation and per-user price overrides keep it within the ledger's
 * per-entry cap (`ledgerCapProblem`), so a price is refused when it is set,
 * not when a creator on some plan tries to buy it (issue 9).
 */
export function maxCreditCost(
  model: ModelCapabilities & ModelInputsShape,
): number {
  const durations = allowedDurations(model);
  if (durations.length === 0 || model.supportedQualities.length === 0) return 0;
  const duration = durations[durations.length - 1];
  const quality = model.supportedQualities.reduce((a, b) =>
    qualityMultiplier(model, b) > qualityMultiplier(model, a) ? b : a,
  );
  const modifiers = model.priceModifiers ?? [];
  const costPerSecond = Math.max(
    model.costPerSecond,
    ...modifiers.flatMap((m) =>
      m.costPerSecond === undefined ? [] : [m.costPerSecond],
    ),
  );
  const perInput = new Map<string, number>();
  for (const m of modifiers) {
    if (m.multiplier !== undefined && m.multiplier > 1)
      perInput.set(m.input, Math.max(perInput.get(m.input) ?? 1, m.multiplier));
  }
  const outputs = maxOutputsOf(model);
  return computeCreditCost(
    costPerSecond,
    duration,
    qualityMultiplier(model, quality),
    [
      ...perInput.values(),
      ...(outputs > 1 ? [outputs] : []),
      MAX_PRICE_MULTIPLIER,
    ],
  );
}

/**
 * Why this model's dearest video (`maxCreditCost`, any plan) would not fit
 * one ledger entry, or null when it fits.
 */
export function ledgerCapProblem(
  model: ModelCapabilities & ModelInputsShape,
): string | null {
  const dearest = maxCreditCost(model);
  return dearest > MAX_LEDGER_AMOUNT
    ? `At this price the dearest video (on a plan at ${MAX_PRICE_MULTIPLIER}× list price) would cost ${dearest.toLocaleString("en-US")} credits, above the ledger's limit of ${MAX_LEDGER_AMOUNT.toLocaleString("en-US")} credits per entry.`
    : null;
}

/**
 * The quality a model is priced at when none is chosen: `"standard"` when
 * supported, else its first supported quality (API-CONTRACT
 * `getModelPricingComparison`).
 */
export function defaultQuality(model: ModelCapabilities): string {
  return model.supportedQualities.includes("standard")
    ? "standard"
    : model.supportedQualities[0];
}
