import {
  PROFILE_TABS,
  type Actor,
  type Comment,
  type ProfileTab,
  type Role,
  type User,
} from '../domain/types.ts';
import { isStaff } from '../domain/types.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { requireAdmin } from './policy.ts';
import { parseInput, profileQuerySchema, roleSchema, userIdSchema } from '../domain/schemas.ts';
import type {
  Clock,
  CommentStore,
  PostStore,
  ReputationStore,
  SubscriptionStore,
  UserStore,
  VoteStore,
} from '../ports/index.ts';
import { trustLevel, type TrustLevel } from '../domain/reputation.ts';
import { namesItsAuthor } from '../domain/consent.ts';
import { maskComment } from './comment-view.ts';
import type { PostService, PostSummary } from './post-service.ts';

export interface PublicProfile {
  id: string;
  name: string;
  role: Role;
  /** Only for the user themself and staff: which customer someone is, is the customer's business. */
  company?: string;
  /** Only for the user themself and staff. */
  email?: string;
  createdAt: string;
  /** Their reputation and trust level (domain/reputation.ts), where the profile page reads them. */
  reputation?: number;
  trust?: TrustLevel;
}

export { PROFILE_TABS, type ProfileTab } from '../domain/types.ts';
export { profileQuerySchema, roleSchema } from '../domain/schemas.ts';

export interface ProfilePage {
  user: PublicProfile;
  isSelf: boolean;
  /** The tabs this viewer may open: votes are for the person themself and staff, following for them alone. */
  tabs: ProfileTab[];
  tab: ProfileTab;
  posts: PostSummary[];
  comments: (Comment & { postTitle: string })[];
  nextCursor: string | null;
}

/**
 * A person's activity: their posts and comments for everyone; their votes for themself and staff; what
 * they follow for themself alone.
 */
export class ProfileService {
  constructor(
    private readonly deps: {
      users: UserStore;
      posts: PostStore;
      votes: VoteStore;
      comments: CommentStore;
      subscriptions: SubscriptionStore;
      postService: PostService;
      reputation?: ReputationStore;
      clock?: Clock;
    },
  ) {}

  async get(actor: Actor, userId: string, query: unknown): Promise<ProfilePage> {
    const id = parseInput(userIdSchema, userId);
    const { tab, limit, cursor } = parseInput(profileQuerySchema, query);
    const user = await this.deps.users.get(id);
    if (!user) throw new NotFoundError('User');
    const isSelf = actor.kind === 'user' && actor.user.id === id;
    const seesPrivate = isSelf || isStaff(actor);
    const profile: PublicProfile = {
      id: user.id,
      name: user.name,
      role: user.role,
      ...(seesPrivate && user.company ? { company: user.company } : {}),
      ...(seesPrivate ? { email: user.email } : {}),
      createdAt: user.createdAt,
      ...(await this.standing(user)),
    };
    const tabs = PROFILE_TABS.filter((t) => (t !== 'votes' || seesPrivate) && (t !== 'following' || isSelf));
    const base = { user: profile, isSelf, tabs, tab, posts: [], comments: [] };
    // A tab the viewer may not open answers as an empty one, so that nothing tells what it would hold.
    if (!tabs.includes(tab)) return { ...base, nextCursor: null };
    switch (tab) {
      case 'posts': {
        const page = await this.deps.posts.listByAuthor(id, limit, cursor);
        return {
          ...base,
          posts: await this.deps.postService.summarize(
            actor,
            // A story listed under its author's name would undo a consent that withholds the name.
            (await this.deps.postService.visibleTo(actor, page.items)).filter(
              (p) => seesPrivate || namesItsAuthor(p),
            ),
          ),
          nextCursor: page.nextCursor,
        };
      }
      case 'votes': {
        const page = await this.deps.votes.listByUser(id, limit, cursor);
        return {
          ...base,
          posts: await this.postsById(
            actor,
            page.items.map((v) => v.postId),
          ),
          nextCursor: page.nextCursor,
        };
      }
      case 'following': {
        const page = await this.deps.subscriptions.following(id, limit, cursor);
        return {
          ...base,
          posts: await this.postsById(
            actor,
            page.items.map((s) => s.postId),
          ),
          nextCursor: page.nextCursor,
        };
      }
      case 'comments': {
        const page = await this.deps.comments.listByAuthor(id, limit, cursor);
        const visible = page.items.map((c) => maskComment(actor, c)).filter((c) => c.body !== '');
        const posts = await this.deps.postService.visibleTo(
          actor,
          await this.deps.posts.getMany(visible.map((c) => c.postId)),
        );
        const titles = new Map(posts.map((p) => [p.id, p.title]));
        return {
          ...base,
          comments: visible.flatMap((c) =>
            titles.has(c.postId) ? [{ ...c, postTitle: titles.get(c.postId) ?? '' }] : [],
          ),
          nextCursor: page.nextCursor,
        };
      }
    }
  }

  /** Admins make staff (and other admins) here; nobody changes their own role, so a site keeps an admin. */
  private async standing(user: User): Promise<{ reputation?: number; trust?: TrustLevel }> {
    if (!this.deps.reputation) return {};
    const reputation = (await this.deps.reputation.countersOf([user.id])).get(user.id)?.reputation ?? 0;
    const now = this.deps.clock?.now() ?? new Date();
    return { reputation, trust: trustLevel({ ...user, reputation }, now) };
  }

  async setRole(actor: Actor, userId: string, input: unknown): Promise<PublicProfile> {
    const admin = requireAdmin(actor, 'change roles');
    const id = parseInput(userIdSchema, userId);
    const { role } = parseInput(roleSchema, input);
    if (id === admin.id) throw new ForbiddenError('You cannot change your own role; ask another admin.');
    if (!(await this.deps.users.get(id))) throw new NotFoundError('User');
    const user = await this.deps.users.setRole(id, role);
    // The digest carries staff-only figures: a person who is no longer staff leaves its recipients.
    if (role === 'customer' && user.team) await this.deps.users.setTeam(id, null);
    return { id: user.id, name: user.name, role: user.role, email: user.email, createdAt: user.createdAt };
  }

  private async postsById(actor: Actor, ids: string[]): Promise<PostSummary[]> {
    const posts = ids.length > 0 ? await this.deps.posts.getMany(ids) : [];
    return this.deps.postService.summarize(actor, await this.deps.postService.visibleTo(actor, posts));
  }
}
