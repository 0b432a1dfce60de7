import { useEffect, useState } from "react";

/**
 * The current time in ms, updated every `intervalMs` while `active` (a
 * ticking clock for elapsed times). Null until hydrated, so the server's
 * HTML and the first browser render agree.
 */
export function useNow(active: boolean, intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
