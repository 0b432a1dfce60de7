import type { PublicEnv } from "~/utils/env.server";

declare global {
  interface Window {
    /** Public configuration rendered by the root (`getPublicEnv`). */
    ENV: PublicEnv;
  }
}

export {};
