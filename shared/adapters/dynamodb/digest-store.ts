/**
 * Digests in DynamoDB: each week's digest in its own partition (the week as built, its accounts keyed by
 * owner, one send claim per recipient), and the weeks listed newest first on gsi1 for the archive.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestAccount, DigestTeam, DigestWeek } from '../../domain/digest.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import type { DigestSend, DigestStore, Page } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';
import { queryPage } from './query-page.ts';
import { transact } from './transact.ts';

/** What one transaction takes. */
const MAX_TRANSACTION_ITEMS = 100;

// The week and its accounts are kept as JSON text: read whole, never queried inside, and free of the
// empty-string and nested-undefined rules a DynamoDB map would impose on them.
const toWeek = (item: Record<string, unknown>) => JSON.parse(String(item.data)) as DigestWeek;
const toAccount = (item: Record<string, unknown>) => JSON.parse(String(item.data)) as DigestAccount;

function toSend(item: Record<string, unknown>): DigestSend {
  return {
    recipient: String(item.recipient),
    email: String(item.email),
    team: item.team as DigestTeam,
    status: item.status === 'sent' ? 'sent' : 'sending',
    claimedAt: String(item.claimedAt),
    ...(typeof item.sentAt === 'string' ? { sentAt: item.sentAt } : {}),
  };
}

export class DynamoDigestStore implements DigestStore {
  constructor(private readonly db: Db) {}

  async saveWeek(week: DigestWeek, accounts: DigestAccount[]): Promise<DigestWeek> {
    const existing = await this.getWeek(week.week);
    if (existing) return existing;
    const t = this.db.tableName;
    // The accounts first, the week last and only if absent: a reader who finds the week finds its
    // accounts, and two builds racing leave one week (the accounts of both are the same data).
    for (let i = 0; i < accounts.length; i += MAX_TRANSACTION_ITEMS) {
      const outcome = await transact(
        this.db,
        accounts.slice(i, i + MAX_TRANSACTION_ITEMS).map((account) => ({
          Put: {
            TableName: t,
            Item: {
              ...keys.digestAccount(week.week, account.owner ?? '', account.companyId),
              type: 'digestAccount',
              data: JSON.stringify(account),
            },
          },
        })),
      );
      // Plain puts have no condition to fail: a cancellation here is not one a retry of this loop fixes.
      if (!outcome.ok) throw new Error(`Digest accounts of ${week.week} were not written`);
    }
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: t,
          Item: {
            ...keys.digestWeek(week.week),
            ...keys.digestWeekListEntry(week.week),
            type: 'digestWeek',
            week: week.week,
            data: JSON.stringify(week),
          },
          ConditionExpression: ITEM_ABSENT,
        }),
      );
      return week;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getWeek(week.week)) ?? week;
    }
  }

  async getWeek(week: string): Promise<DigestWeek | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.digestWeek(week), ConsistentRead: true }),
    );
    return out.Item ? toWeek(out.Item) : null;
  }

  listWeeks(limit: number, cursor?: string): Promise<Page<DigestWeek>> {
    return queryPage(
      this.db,
      { index: INDEX.gsi1, partition: keys.digestWeekList()[ATTR.gsi1pk] },
      { limit, ...(cursor ? { cursor } : {}), newestFirst: true },
      toWeek,
    );
  }

  async accountsOf(week: string, owner: string): Promise<DigestAccount[]> {
    return (await this.range(week, keys.digestAccountsOf(owner))).map(toAccount);
  }

  async allAccounts(week: string): Promise<DigestAccount[]> {
    return (await this.range(week, keys.digestAccountPrefix)).map(toAccount);
  }

  async claimSend(
    send: Omit<DigestSend, 'status' | 'sentAt'>,
    week: string,
    staleBefore: string,
  ): Promise<boolean> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...keys.digestSend(week, send.recipient), type: 'digestSend', ...send, status: 'sending' },
          ConditionExpression: `${ITEM_ABSENT} OR (#status = :sending AND claimedAt < :stale)`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(week: string, recipient: string, at: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.digestSend(week, recipient),
        ...updateInput({ set: { status: 'sent', sentAt: at } }, ITEM_EXISTS),
      }),
    );
  }

  async releaseSend(week: string, recipient: string): Promise<void> {
    await this.db.doc
      .send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: keys.digestSend(week, recipient),
          // Never a sent one: that would let a later run send it twice.
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async sends(week: string): Promise<DigestSend[]> {
    return (await this.range(week, keys.digestSendPrefix)).map(toSend);
  }

  async isOptedOut(email: string): Promise<boolean> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.digestOptOut(email), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async setOptedOut(email: string, optOut: boolean): Promise<void> {
    const key = keys.digestOptOut(email);
    if (optOut) {
      await this.db.doc.send(
        new PutCommand({ TableName: this.db.tableName, Item: { ...key, type: 'digestOptOut', email } }),
      );
    } else {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: key }));
    }
  }

  private range(week: string, prefix: string) {
    return queryAll(this.db, partitionQuery({ partition: keys.digestPartition(week), sortPrefix: prefix }));
  }
}
