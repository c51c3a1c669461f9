/** The vote item and the per-day vote counter, shared by the post store (the author's vote) and the vote store. */
import type { Vote } from '../../domain/types.ts';
import { updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';

export function voteItem(vote: Vote): Record<string, unknown> {
  return {
    ...keys.vote(vote.postId, vote.userId),
    ...keys.voteByUser(vote.userId, vote.votedAt, vote.postId),
    type: 'vote',
    ...vote,
  };
}

export function toVote(item: Record<string, unknown>): Vote {
  return {
    postId: item.postId as string,
    userId: item.userId as string,
    votedAt: item.votedAt as string,
    ...(typeof item.companyId === 'string' ? { companyId: item.companyId } : {}),
    ...(item.onBehalf ? { onBehalf: item.onBehalf as NonNullable<Vote['onBehalf']> } : {}),
  };
}

/** Votes per day feed the post's chart; an unvote takes its vote back from the day it was cast. */
export function voteDayUpdate(tableName: string, vote: Pick<Vote, 'postId' | 'votedAt'>, delta: 1 | -1) {
  const day = vote.votedAt.slice(0, 10);
  return {
    Update: {
      TableName: tableName,
      Key: keys.voteDay(vote.postId, day),
      ...updateInput({ set: { type: 'voteDay', day }, add: { votes: delta } }),
    },
  };
}
