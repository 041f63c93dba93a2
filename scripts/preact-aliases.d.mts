import type { Alias } from "vite";

export const PREACT_ALIASES: Alias[];
