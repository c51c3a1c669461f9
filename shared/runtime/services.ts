/**
 * The composition root: builds every service over the DynamoDB stores. The Lambda handlers and the
 * SvelteKit server both call this, so the API and the web pages run the same code.
 */
import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator, Stores } from '../ports/index.ts';
import { AuthService } from '../services/auth-service.ts';
import { BoardService } from '../services/board-service.ts';
import { PostService } from '../services/post-service.ts';
import { VoteService } from '../services/vote-service.ts';
import { createDb, type Db } from '../adapters/dynamodb/client.ts';
import { dynamoStores } from '../adapters/dynamodb/stores.ts';
import { configFromEnv, type Config } from './config.ts';

export interface Services {
  boards: BoardService;
  posts: PostService;
  votes: VoteService;
  auth: AuthService;
}

export const systemClock: Clock = { now: () => new Date() };

export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}

export function createServices(
  stores: Stores,
  opts: { clock: Clock; ids: IdGenerator; ssoSecret: string },
): Services {
  const { clock, ids } = opts;
  return {
    boards: new BoardService(stores.boards),
    posts: new PostService({ ...stores, clock, ids }),
    votes: new VoteService({ ...stores, clock }),
    auth: new AuthService({ ...stores, clock, ssoSecret: opts.ssoSecret }),
  };
}

export interface Runtime {
  config: Config;
  db: Db;
  stores: Stores;
  services: Services;
}

export function createRuntime(config: Config, db: Db = createDb(config.tableName)): Runtime {
  const ids = ulidGenerator();
  const stores = dynamoStores(db, ids);
  return {
    config,
    db,
    stores,
    services: createServices(stores, { clock: systemClock, ids, ssoSecret: config.ssoSecret }),
  };
}

let cached: Runtime | undefined;

/** One runtime per process (a Lambda container or the local server); it holds no per-request state. */
export function runtimeFromEnv(): Runtime {
  cached ??= createRuntime(configFromEnv());
  return cached;
}
