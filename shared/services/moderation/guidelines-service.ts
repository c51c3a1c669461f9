/**
 * The community guidelines: admins write them (markdown, a new version each save, an audit line each),
 * everyone reads them, and a member accepts them before their first post or comment (the version and
 * time are kept on them). Staff are exempt: they wrote or enforce them.
 */
import { ConflictError, GuidelinesNotAcceptedError } from '../../domain/errors.ts';
import { renderMarkdown } from '../../domain/markdown.ts';
import type { AuditEntry } from '../../domain/moderation.ts';
import {
  guidelinesAcceptSchema,
  guidelinesUpdateSchema,
  type GuidelinesView,
} from '../../domain/sanction-schemas.ts';
import { parseInput } from '../../domain/schemas.ts';
import { isStaff, type Actor } from '../../domain/types.ts';
import type { Clock, Guidelines, GuidelinesStore, IdGenerator, UserStore } from '../../ports/index.ts';
import { requireAdmin, requireUser } from '../policy.ts';

export interface GuidelinesServiceDeps {
  guidelines: GuidelinesStore;
  users: UserStore;
  clock: Clock;
  ids: IdGenerator;
}

export class GuidelinesService {
  constructor(private readonly deps: GuidelinesServiceDeps) {}

  async get(): Promise<GuidelinesView | null> {
    const stored = await this.deps.guidelines.get();
    return stored ? view(stored) : null;
  }

  async update(actor: Actor, input: unknown): Promise<GuidelinesView> {
    const by = requireAdmin(actor, 'edit the community guidelines');
    const { markdown, baseVersion } = parseInput(guidelinesUpdateSchema, input);
    const current = await this.deps.guidelines.get({ consistent: true });
    // The admin edited `baseVersion`: saving over a newer one would silently undo another admin's edit.
    if ((current?.version ?? 0) !== baseVersion) throw staleEdit();
    const at = this.deps.clock.now().toISOString();
    const next: Guidelines = {
      markdown,
      version: (current?.version ?? 0) + 1,
      updatedAt: at,
      updatedById: by.id,
      updatedByName: by.name,
    };
    const audit: AuditEntry = {
      id: this.deps.ids.next(),
      at,
      action: 'guidelines',
      actorId: by.id,
      actorName: by.name,
      target: { kind: 'settings' },
      // Both texts, so the history shows what each version said (and so what a member accepted).
      ...(current ? { before: { version: current.version, markdown: current.markdown } } : {}),
      after: { version: next.version, markdown: next.markdown },
    };
    if (!(await this.deps.guidelines.save(next, audit))) throw staleEdit();
    return view(next);
  }

  async accept(actor: Actor, input: unknown): Promise<{ version: number; at: string }> {
    const user = requireUser(actor, 'Sign in to accept the guidelines.');
    const { version } = parseInput(guidelinesAcceptSchema, input);
    const current = await this.deps.guidelines.get({ consistent: true });
    if (!current || current.version !== version) {
      throw new ConflictError(
        'The guidelines have changed since you read them: read them again, then accept.',
      );
    }
    const accepted = { version, at: this.deps.clock.now().toISOString() };
    await this.deps.users.acceptGuidelines(user.id, accepted);
    return accepted;
  }

  /** The guidelines the person must accept before posting or commenting, or null when they need not. */
  async needsAcceptance(actor: Actor): Promise<GuidelinesView | null> {
    if (exempt(actor)) return null;
    return this.get();
  }
}

const staleEdit = () =>
  new ConflictError('Someone saved the guidelines meanwhile: reload them and try again.');

/** Anonymous people cannot post anyway; staff need not accept; nor does anyone who accepted a version. */
const exempt = (actor: Actor): boolean =>
  actor.kind !== 'user' || isStaff(actor) || actor.user.guidelinesAccepted !== undefined;

/**
 * For post and comment creation: refuses a member who has not accepted any version while guidelines
 * exist. One GetItem, and only for people who have not accepted yet.
 */
export async function requireGuidelinesAccepted(
  store: Pick<GuidelinesStore, 'get'> | undefined,
  actor: Actor,
): Promise<void> {
  if (!store || exempt(actor)) return;
  if (await store.get()) throw new GuidelinesNotAcceptedError();
}

const view = (g: Guidelines): GuidelinesView => ({
  markdown: g.markdown,
  html: renderMarkdown(g.markdown),
  version: g.version,
  updatedAt: g.updatedAt,
  updatedByName: g.updatedByName,
});
