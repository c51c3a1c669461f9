/**
 * For every integration test: each answer a route gives (success or error) must keep to that route's
 * declared contract: a declared status, a body its schema describes, no key the schema lacks. A test
 * that provokes an answer outside the contract fails, whatever it asserts itself.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach } from 'vitest';
import type { Answer } from '../../functions/http/answer-channel.ts';
import { answerProblems } from '../../functions/http/contract.ts';

const CHANNEL = 'hearth:api-answer';
const problems: string[] = [];
const check = (message: unknown) => {
  const { route, reply } = message as Answer;
  problems.push(...answerProblems(route, reply));
};
subscribe(CHANNEL, check);

afterEach(() => {
  const found = problems.splice(0);
  if (found.length > 0) {
    throw new Error(`Answers outside their route's contract:\n- ${[...new Set(found)].join('\n- ')}`);
  }
});
afterAll(() => {
  unsubscribe(CHANNEL, check);
});
