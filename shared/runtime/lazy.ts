/**
 * A value built on first use and shared after. A rejected build is forgotten, so the next caller tries
 * again rather than every later caller inheriting one transient failure (a cold start that failed to
 * load a module should not poison the container).
 */
export function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
