import type { IdGenerator, Stores } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { DynamoBoardStore } from './board-store.ts';
import { DynamoCommentStore } from './comment-store.ts';
import { DynamoPostStore } from './post-store.ts';
import { DynamoSessionStore } from './session-store.ts';
import { DynamoUserStore } from './user-store.ts';
import { DynamoVoteStore } from './vote-store.ts';

export function dynamoStores(db: Db, ids: IdGenerator): Stores {
  return {
    boards: new DynamoBoardStore(db),
    posts: new DynamoPostStore(db),
    votes: new DynamoVoteStore(db),
    comments: new DynamoCommentStore(db),
    users: new DynamoUserStore(db, ids),
    sessions: new DynamoSessionStore(db),
  };
}
