/**
 * Steps sent together with Promise.allSettled are read back in the order the code used to await them:
 * the first step's error is the one answered, whatever finished first, so sending independent reads
 * and checks at once changes no response.
 */
export function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
