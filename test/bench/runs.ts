/** How often the bench repeats each measurement. */
export const RUNS = 30;
/** Runs with the meter's detailed mode on: units and bytes, not timed. */
export const ACCOUNT_RUNS = 10;
