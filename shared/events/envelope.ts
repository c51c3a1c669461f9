/**
 * Domain events as EventBridge delivers them to a Lambda target, and back. The in-process bus builds the
 * same envelope, so a target cannot tell a local delivery from one on AWS.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  EVENT_SOURCE,
  WEEKLY_DIGEST_DUE,
  type AnswerAccepted,
  type CommentPosted,
  contentModeratedDetail,
  type ContentModerated,
  type DigestDeliveryDue,
  type DomainEvent,
  type PostStatusChanged,
  type WeeklyDigestDueDetail,
} from '../domain/events.ts';
import { POST_STATUSES } from '../domain/types.ts';
import { DIGEST_TEAMS } from '../domain/digest.ts';
import { MODERATION_STATES, SANCTION_LEVELS } from '../domain/moderation.ts';

export interface EventEnvelope<Detail = unknown> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Detail;
}

/**
 * The envelope's `id` is EventBridge's own and `time` is cut to the second, so the domain event's id and
 * exact time travel inside the detail.
 */
export type EventDetail<E extends DomainEvent = DomainEvent> = E['detail'] & { eventId: string; at: string };

export function eventDetail<E extends DomainEvent>(event: E): EventDetail<E> {
  return { ...event.detail, eventId: event.id, at: event.at };
}

export function toEnvelope(
  event: DomainEvent,
  where: { account?: string; region?: string } = {},
): EventEnvelope<EventDetail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': event.type,
    source: EVENT_SOURCE,
    account: where.account ?? '000000000000',
    time: new Date(event.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: where.region ?? process.env.AWS_REGION ?? 'local',
    resources: [],
    detail: eventDetail(event),
  };
}

const nonEmpty = z.string().min(1);

const postStatusChangedSchema = z.object({
  'detail-type': z.literal('PostStatusChanged'),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    eventId: nonEmpty,
    at: z.iso.datetime({ offset: true }),
    postId: nonEmpty,
    boardSlug: nonEmpty,
    title: z.string(),
    from: z.enum(POST_STATUSES),
    to: z.enum(POST_STATUSES),
    note: z.string().optional(),
    byId: nonEmpty,
    byName: z.string(),
    mergedInto: z.object({ postId: nonEmpty, boardSlug: nonEmpty }).optional(),
  }),
});

const digestDeliveryDueSchema = z.object({
  'detail-type': z.literal('DigestDeliveryDue'),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    eventId: nonEmpty,
    at: z.iso.datetime({ offset: true }),
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    recipient: nonEmpty,
    team: z.enum(DIGEST_TEAMS),
  }),
});

/** What the schedule puts on the bus (infra/constructs/domain-events.ts): not a domain event, no id. */
const weeklyDigestDueSchema = z.object({
  'detail-type': z.literal(WEEKLY_DIGEST_DUE),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    scheduledAt: z.iso.datetime({ offset: true }),
    recipients: z.array(z.string()).default([]),
  }),
});

const commentPostedSchema = z.object({
  'detail-type': z.literal('CommentPosted'),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    eventId: nonEmpty,
    at: z.iso.datetime({ offset: true }),
    postId: nonEmpty,
    commentId: nonEmpty,
    parentId: nonEmpty.optional(),
    authorId: nonEmpty,
  }),
});

const answerAcceptedSchema = z.object({
  'detail-type': z.literal('AnswerAccepted'),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    eventId: nonEmpty,
    at: z.iso.datetime({ offset: true }),
    postId: nonEmpty,
    commentId: nonEmpty,
    answerAuthorId: nonEmpty,
    byId: nonEmpty,
    byName: z.string(),
  }),
});

const contentModeratedSchema = z.object({
  'detail-type': z.literal('ContentModerated'),
  source: z.literal(EVENT_SOURCE),
  detail: z.object({
    eventId: nonEmpty,
    at: z.iso.datetime({ offset: true }),
    recipientId: nonEmpty,
    subject: z.enum(['content', 'sanction']),
    target: z.object({ postId: nonEmpty, commentId: nonEmpty.optional() }).optional(),
    state: z.enum([...MODERATION_STATES, 'published']).optional(),
    level: z.enum(SANCTION_LEVELS).optional(),
    until: z.string().optional(),
    reason: z.string(),
    postTitle: z.string().optional(),
  }),
});

const envelopeSchema = z.discriminatedUnion('detail-type', [
  postStatusChangedSchema,
  digestDeliveryDueSchema,
  commentPostedSchema,
  answerAcceptedSchema,
  contentModeratedSchema,
]);

/** The schedule's event, or null for any other envelope (a domain event: read it with fromEnvelope). */
export function weeklyDigestDue(envelope: unknown): WeeklyDigestDueDetail | null {
  if ((envelope as { 'detail-type'?: unknown } | null)?.['detail-type'] !== WEEKLY_DIGEST_DUE) return null;
  const parsed = weeklyDigestDueSchema.safeParse(envelope);
  if (!parsed.success) {
    throw new MalformedEventError(`Malformed ${WEEKLY_DIGEST_DUE} event:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.detail;
}

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

/** The domain event inside an EventBridge envelope; throws MalformedEventError for anything else. */
export function fromEnvelope(envelope: unknown): DomainEvent {
  const parsed = envelopeSchema.safeParse(envelope);
  if (!parsed.success) {
    const type = (envelope as { 'detail-type'?: unknown } | null)?.['detail-type'];
    throw new MalformedEventError(
      `Malformed Hearth event${typeof type === 'string' ? ` (${type})` : ''}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  if (parsed.data['detail-type'] === 'DigestDeliveryDue') {
    const { eventId, at, ...detail } = parsed.data.detail;
    const event: DigestDeliveryDue = { type: 'DigestDeliveryDue', id: eventId, at, detail };
    return event;
  }
  if (parsed.data['detail-type'] === 'CommentPosted') {
    const { eventId, at, parentId, ...detail } = parsed.data.detail;
    const event: CommentPosted = {
      type: 'CommentPosted',
      id: eventId,
      at,
      detail: { ...detail, ...(parentId === undefined ? {} : { parentId }) },
    };
    return event;
  }
  if (parsed.data['detail-type'] === 'AnswerAccepted') {
    const { eventId, at, ...detail } = parsed.data.detail;
    const event: AnswerAccepted = { type: 'AnswerAccepted', id: eventId, at, detail };
    return event;
  }
  if (parsed.data['detail-type'] === 'ContentModerated') {
    const { eventId, at, ...detail } = parsed.data.detail;
    const event: ContentModerated = {
      type: 'ContentModerated',
      id: eventId,
      at,
      detail: contentModeratedDetail(detail),
    };
    return event;
  }
  const { eventId, at, note, ...rest } = parsed.data.detail;
  const event: PostStatusChanged = {
    type: parsed.data['detail-type'],
    id: eventId,
    at,
    detail: { ...rest, ...(note === undefined ? {} : { note }) },
  };
  return event;
}
