/** Real time plus an offset a test pushes forward, to step past time windows without waiting. */
export function offsetClock() {
  let offsetMs = 0;
  return {
    clock: { now: () => new Date(Date.now() + offsetMs) },
    advanceMinutes: (minutes: number) => void (offsetMs += minutes * 60_000),
  };
}
