/**
 * Limits of the shop's fields (API-CONTRACT "Selling credits", "Disputes"),
 * pure so the admin forms' schemas check the same numbers in the browser
 * as the backend does (`model/packages.ts`, `model/disputes.ts`).
 */

/** Stripe's smallest USD charge is 50 cents; its largest 8 digits of cents. */
export const MIN_PRICE_CENTS = 50;
export const MAX_PRICE_CENTS = 99_999_999;
export const MAX_PACKAGE_NAME_LENGTH = 80;
export const MAX_BADGE_LENGTH = 40;
export const MAX_DISPUTE_REASON_LENGTH = 1000;
export const MAX_DISPUTE_NOTE_LENGTH = 1000;
