/** The attribution windows an educator can choose between, in days (7 is the engine's default). */
export const ATTRIBUTION_WINDOWS_DAYS = [1, 3, 7, 14, 30] as const;
export const DEFAULT_WINDOW_DAYS = 7;
