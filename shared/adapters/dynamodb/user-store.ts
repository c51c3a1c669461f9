/** Users and their external identities in DynamoDB. */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '../../domain/types.ts';
import { DIGEST_TEAMS, type DigestTeam } from '../../domain/digest.ts';
import { NotFoundError } from '../../domain/errors.ts';
import {
  ITEM_ABSENT,
  ITEM_EXISTS,
  partitionQuery,
  updateInput,
  type Condition,
} from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import type { IdentityProfile, IdGenerator, Page, SanctionChange, UserStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll, queryPage } from './query-page.ts';
import { conditionFailedAt, transact } from './transact.ts';
import { queryAll } from './query-all.ts';
import { auditLinePut } from './audit-log.ts';
import { outboxPut } from './outbox-store.ts';

export class DynamoUserStore implements UserStore {
  constructor(
    private readonly db: Db,
    private readonly ids: IdGenerator,
  ) {}

  async get(id: string, options: { consistent?: boolean } = {}): Promise<User | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.user(id),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return out.Item ? toUser(out.Item) : null;
  }

  async getMany(ids: readonly string[]): Promise<User[]> {
    const items = await batchGetAll(
      this.db,
      [...new Set(ids)].map((id) => keys.user(id)),
    );
    const found = new Map(items.map((item) => [item.id as string, toUser(item)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  setRole(userId: string, role: User['role']): Promise<User> {
    return this.setField(userId, 'role', role);
  }

  setName(userId: string, name: string): Promise<User> {
    return this.setField(userId, 'name', name);
  }

  /** The team goes on the person and into the recipients' partition together, so the two never disagree. */
  async setTeam(userId: string, team: DigestTeam | null): Promise<User> {
    const t = this.db.tableName;
    const outcome = await transact(this.db, [
      {
        Update: {
          TableName: t,
          Key: keys.user(userId),
          ...updateInput(team ? { set: { team } } : { remove: ['team'] }, ITEM_EXISTS),
        },
      },
      team
        ? { Put: { TableName: t, Item: { ...keys.digestTeam(userId), type: 'digestTeam', userId, team } } }
        : { Delete: { TableName: t, Key: keys.digestTeam(userId) } },
    ]);
    if (!outcome.ok) throw new NotFoundError('User');
    return (await this.get(userId)) as User;
  }

  async setDigestOptOut(userId: string, optOut: boolean): Promise<User> {
    const out = await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.user(userId),
        ...updateInput(optOut ? { set: { digestOptOut: true } } : { remove: ['digestOptOut'] }, ITEM_EXISTS),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toUser(out.Attributes ?? {});
  }

  /**
   * The sanction, its audit line and the person's notice in one transaction. The update is conditioned
   * on the sanction the moderator saw, so two moderators acting at once cannot both win unseen.
   */
  async setSanction(change: SanctionChange): Promise<boolean> {
    const t = this.db.tableName;
    const unchanged: Condition = change.before
      ? {
          expression: `${ITEM_EXISTS} AND #sanction.#sanctionAt = :sanctionBefore`,
          names: { '#sanction': 'sanction', '#sanctionAt': 'at' },
          values: { ':sanctionBefore': change.before.at },
        }
      : {
          expression: `${ITEM_EXISTS} AND attribute_not_exists(#sanction)`,
          names: { '#sanction': 'sanction' },
        };
    const outcome = await transact(this.db, [
      {
        Update: {
          TableName: t,
          Key: keys.user(change.userId),
          ...updateInput(
            change.after ? { set: { sanction: change.after } } : { remove: ['sanction'] },
            unchanged,
          ),
        },
      },
      auditLinePut(t, change.audit),
      ...(change.notice ? [outboxPut(t, change.notice)] : []),
    ]);
    return outcome.ok;
  }

  async acceptGuidelines(userId: string, accepted: { version: number; at: string }): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.user(userId),
        ...updateInput({ set: { guidelinesAccepted: accepted } }, ITEM_EXISTS),
      }),
    );
  }

  async teamMembers(): Promise<{ userId: string; team: DigestTeam }[]> {
    const items = await queryAll(this.db, partitionQuery({ partition: keys.digestTeamPartition }));
    return items.flatMap((item) =>
      isDigestTeam(item.team) ? [{ userId: String(item.userId), team: item.team }] : [],
    );
  }

  /** Sets one attribute of an existing user and answers with the user as it now is. */
  private async setField(userId: string, field: 'role' | 'name', value: string): Promise<User> {
    const out = await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.user(userId),
        ...updateInput({ set: { [field]: value } }, ITEM_EXISTS),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toUser(out.Attributes ?? {});
  }

  async delete(userId: string): Promise<void> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.user(userId), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return;
    const identity = item.identity as { provider: string; subject: string } | undefined;
    const t = this.db.tableName;
    // Their answers' reach (analytics, issue 18): a counter per month and ALL, beside the user item.
    const reach = await queryAll(
      this.db,
      partitionQuery({
        partition: keys.answerReachPartition(userId),
        sortPrefix: keys.answerReachPrefix,
      }),
    );
    // Before the user item: a deletion interrupted here is finished by asking again.
    await Promise.all(
      reach.map((item) =>
        this.db.doc.send(
          new DeleteCommand({ TableName: t, Key: { [ATTR.pk]: item[ATTR.pk], [ATTR.sk]: item[ATTR.sk] } }),
        ),
      ),
    );
    const deletes = [
      new DeleteCommand({ TableName: t, Key: keys.user(userId) }),
      new DeleteCommand({ TableName: t, Key: keys.digestTeam(userId) }),
      ...(identity
        ? [new DeleteCommand({ TableName: t, Key: keys.identity(identity.provider, identity.subject) })]
        : []),
    ];
    await Promise.all(deletes.map((d) => this.db.doc.send(d)));
    try {
      // The address may since belong to someone else: only our own claim on it goes.
      await this.db.doc.send(
        new DeleteCommand({
          TableName: t,
          Key: keys.email(item.email as string),
          ConditionExpression: 'userId = :id',
          ExpressionAttributeValues: { ':id': userId },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async findByEmail(email: string): Promise<User | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.email(email), ConsistentRead: true }),
    );
    if (!out.Item) return null;
    const user = await this.get(out.Item.userId as string);
    // A mapping whose user has moved to another address (left by code from before email changes moved
    // it) must not hand the account to whoever reads the old inbox.
    return user && user.email.toLowerCase() === email.toLowerCase() ? user : null;
  }

  async listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<User>> {
    const partition = keys.peopleOfCompanyPartition(companyId);
    return queryPage(
      this.db,
      { index: INDEX.gsi1, partition },
      { limit, cursor, newestFirst: false },
      toUser,
    );
  }

  async upsertByIdentity(
    provider: string,
    subject: string,
    profile: IdentityProfile,
    now: string,
  ): Promise<User> {
    const identityKey = keys.identity(provider, subject);
    const existing = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: identityKey, ConsistentRead: true }),
    );
    if (existing.Item) return this.refresh(existing.Item.userId as string, profile);

    const user: User = {
      id: this.ids.next(),
      createdAt: now,
      email: profile.email,
      name: profile.name,
      role: profile.role ?? 'customer',
      ...companyFields(profile),
    };
    const outcome = await transact(this.db, [
      {
        Put: {
          TableName: this.db.tableName,
          Item: { ...identityKey, type: 'identity', provider, subject, userId: user.id },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      {
        Put: {
          TableName: this.db.tableName,
          // The identity is kept on the user too, so that deleting the account can unbind it.
          Item: {
            ...keys.user(user.id),
            ...companyIndex(user),
            type: 'user',
            ...user,
            identity: { provider, subject },
          },
        },
      },
      { Put: this.emailItem(user.email, user.id) },
    ]);
    if (outcome.ok) return user;
    // Two first sign-ins raced: the other one bound the identity; use its user.
    if (conditionFailedAt(outcome, 0)) return this.upsertByIdentity(provider, subject, profile, now);
    throw new Error(`User creation cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  /**
   * The host product is the source of truth for name, email and company, and for the role when it sends
   * one. An address maps to one account at a time, so a changed email moves the mapping in the same
   * transaction as the user: the old address stops signing in to this account (a magic link to it starts
   * a new customer), the new one starts. If another account held the new address, it loses it: the host
   * product vouches for its users' addresses, as Canny and Featurebase trust the SSO token's email.
   */
  private async refresh(userId: string, profile: IdentityProfile, attemptsLeft = 5): Promise<User> {
    const t = this.db.tableName;
    const out = await this.db.doc.send(
      new GetCommand({ TableName: t, Key: keys.user(userId), ConsistentRead: true }),
    );
    if (!out.Item) throw new Error(`User ${userId} is bound to an identity but does not exist.`);
    const before = toUser(out.Item);
    const email = profile.email.toLowerCase();
    const was = before.email.toLowerCase();
    const oldMapping =
      was === email
        ? undefined
        : (
            await this.db.doc.send(
              new GetCommand({ TableName: t, Key: keys.email(was), ConsistentRead: true }),
            )
          ).Item;

    const set = {
      email: profile.email,
      name: profile.name,
      ...(profile.role ? { role: profile.role } : {}),
      ...companyFields(profile),
      ...companyIndex({ id: userId, name: profile.name, ...companyFields(profile) }),
    };
    const outcome = await transact(this.db, [
      {
        Update: {
          TableName: t,
          Key: keys.user(userId),
          ...updateInput(
            {
              set,
              remove: [
                ...(profile.company ? [] : ['company']),
                ...(profile.companyId ? [] : ['companyId', ATTR.gsi1pk, ATTR.gsi1sk]),
              ],
            },
            // Another sign-in changing the email meanwhile would leave the wrong mapping behind: retry.
            { expression: `${ITEM_EXISTS} AND email = :was`, values: { ':was': before.email } },
          ),
        },
      },
      { Put: this.emailItem(email, userId) },
      // Only our own claim on the old address goes; someone else may have taken it since.
      ...(oldMapping?.userId === userId
        ? [
            {
              Delete: {
                TableName: t,
                Key: keys.email(was),
                ConditionExpression: 'userId = :id',
                ExpressionAttributeValues: { ':id': userId },
              },
            },
          ]
        : []),
    ]);
    if (outcome.ok) {
      const { company: _company, companyId: _companyId, ...rest } = before;
      return {
        ...rest,
        email: profile.email,
        name: profile.name,
        ...(profile.role ? { role: profile.role } : {}),
        ...companyFields(profile),
      };
    }
    if (attemptsLeft > 1) return this.refresh(userId, profile, attemptsLeft - 1);
    throw new Error(`User update cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  /** The address's mapping to its account; staff find customers by email, magic links sign in by it. */
  private emailItem(email: string, userId: string) {
    return {
      TableName: this.db.tableName,
      Item: { ...keys.email(email), type: 'email', email: email.toLowerCase(), userId },
    };
  }
}

const isDigestTeam = (value: unknown): value is DigestTeam =>
  typeof value === 'string' && (DIGEST_TEAMS as readonly string[]).includes(value);

function toUser(item: Record<string, unknown>): User {
  return {
    id: item.id as string,
    email: item.email as string,
    name: item.name as string,
    role: item.role as User['role'],
    ...(typeof item.company === 'string' ? { company: item.company } : {}),
    ...(typeof item.companyId === 'string' ? { companyId: item.companyId } : {}),
    ...(isDigestTeam(item.team) ? { team: item.team } : {}),
    ...(item.digestOptOut === true ? { digestOptOut: true } : {}),
    ...(typeof item.unreadNotifications === 'number' && item.unreadNotifications > 0
      ? { unreadNotifications: item.unreadNotifications }
      : {}),
    ...(item.sanction && typeof item.sanction === 'object'
      ? { sanction: item.sanction as NonNullable<User['sanction']> }
      : {}),
    ...(item.guidelinesAccepted && typeof item.guidelinesAccepted === 'object'
      ? { guidelinesAccepted: item.guidelinesAccepted as NonNullable<User['guidelinesAccepted']> }
      : {}),
    ...(typeof item.flagsAgreed === 'number' ? { flagsAgreed: item.flagsAgreed } : {}),
    ...(typeof item.flagsDisagreed === 'number' ? { flagsDisagreed: item.flagsDisagreed } : {}),
    createdAt: item.createdAt as string,
  };
}

/** A member of a company is listed among its people (the company page), by name. */
const companyIndex = (user: Pick<User, 'id' | 'name' | 'companyId'>) =>
  user.companyId ? keys.personOfCompany(user.companyId, user.name, user.id) : {};

const companyFields = (profile: IdentityProfile) => ({
  ...(profile.company ? { company: profile.company } : {}),
  ...(profile.companyId ? { companyId: profile.companyId } : {}),
});
