/**
 * Every answer a handler gives, before the router trims it to its schema, on a diagnostics channel: the
 * integration suite subscribes and checks each one against its route's contract (test/setup/contract.ts).
 * Publishing costs nothing when no one listens, as on AWS.
 */
import { channel } from 'node:diagnostics_channel';
import type { Reply, Route } from './router.ts';

export interface Answer {
  route: Route;
  reply: Reply;
}

export const answers = channel('hearth:api-answer');

export function publishAnswer(route: Route, reply: Reply): void {
  if (answers.hasSubscribers) answers.publish({ route, reply } satisfies Answer);
}
