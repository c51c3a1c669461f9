/**
 * Text from an async generator as a response body. Pull-based: the next piece is asked for only when the
 * reader wants more, so a slow download slows the reads behind it (backpressure) and a cancelled one
 * stops them.
 */
export function textStream(pieces: AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await pieces.return?.();
      },
    },
    // Nothing is read ahead of the reader: the first piece waits for the first read.
    { highWaterMark: 0 },
  );
}

/**
 * Reads the first piece before the response starts, so that a refusal the source throws on its first
 * step (not allowed, not found) can still become an error status; then streams the first piece and the
 * rest.
 */
export async function primedTextStream(pieces: AsyncIterator<string>): Promise<ReadableStream<Uint8Array>> {
  const first = await pieces.next();
  let pending: IteratorResult<string> | undefined = first;
  return textStream({
    next: () => {
      const next = pending;
      pending = undefined;
      return next ? Promise.resolve(next) : pieces.next();
    },
    return: async (value?: unknown) => pieces.return?.(value) ?? { done: true, value: undefined },
  });
}
