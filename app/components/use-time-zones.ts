/**
 * The time zones an admin form offers for a wall-clock date and time (a
 * scheduled price change, an override's expiry): UTC, and the admin's own
 * when it is another. The server and the hydration render know only UTC;
 * once hydrated the admin's own zone is offered and chosen.
 */
import { useEffect, useState } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { browserTimeZone } from "~/utils/zoned-time";

export function useTimeZones(): {
  /** The zones to choose from, UTC first. */
  zones: string[];
  /** The chosen zone: the admin's own once known, until they pick another. */
  zone: string;
  setZone: (zone: string) => void;
} {
  const hydrated = useHydrated();
  const local = hydrated ? browserTimeZone() : "UTC";
  const [zone, setZone] = useState("UTC");
  // Choose the admin's own zone once the browser tells it.
  useEffect(() => setZone(local), [local]);
  return { zones: local === "UTC" ? ["UTC"] : ["UTC", local], zone, setZone };
}
