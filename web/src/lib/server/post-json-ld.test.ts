import { describe, expect, it } from 'vitest';
import { jsonForScript } from './json-ld.ts';
import {
  MAX_SUGGESTED_ANSWERS,
  MAX_TEXT_LENGTH,
  postJsonLd,
  type JsonLdComment,
  type JsonLdPost,
} from './post-json-ld.ts';

const ORIGIN = 'https://feedback.example';

const post = (fields: Partial<JsonLdPost> = {}): JsonLdPost => ({
  id: '01J0000000000000000000POST',
  kind: 'question',
  title: 'How do I invite a teammate?',
  body: 'I want my colleague to see **reports** but not billing.',
  authorName: 'Casey Customer',
  voteCount: 4,
  commentCount: 3,
  createdAt: '2026-01-02T10:00:00.000Z',
  ...fields,
});

let seq = 0;
const comment = (fields: Partial<JsonLdComment> = {}): JsonLdComment => ({
  id: `c${++seq}`,
  authorName: 'Sam from Product',
  body: 'Go to *Settings → Team*.',
  createdAt: `2026-01-03T10:00:0${seq % 10}.000Z`,
  deleted: false,
  hidden: false,
  ...fields,
});

type Question = {
  name: string;
  text: string;
  answerCount: number;
  upvoteCount: number;
  acceptedAnswer?: { text: string; url: string; author: { name: string } };
  suggestedAnswer?: { text: string; url: string }[];
};

describe('postJsonLd', () => {
  it('makes an answered question a QAPage, the accepted answer apart from the others', () => {
    // GIVEN a question whose accepted answer is a reply, with two other answers and a reply to one
    const first = comment({ body: 'Try the *Viewer* role.' });
    const accepted = comment({ parentId: first.id, body: 'Settings → Team → **Invite**, as a Viewer.' });
    const second = comment({ body: 'Ask an admin.' });
    const aside = comment({ parentId: second.id, body: 'Thanks!' });
    // WHEN its structured data is built
    const data = postJsonLd(
      post({ acceptedCommentId: accepted.id }),
      [first, accepted, second, aside],
      ORIGIN,
    );
    // THEN it is a QAPage whose answers are plain text and link to their comments
    expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'QAPage' });
    const question = data?.mainEntity as Question;
    expect(question).toMatchObject({
      '@type': 'Question',
      name: 'How do I invite a teammate?',
      text: 'I want my colleague to see reports but not billing.',
      dateCreated: '2026-01-02T10:00:00.000Z',
      author: { '@type': 'Person', name: 'Casey Customer' },
      upvoteCount: 4,
      answerCount: 3,
    });
    expect(question.acceptedAnswer).toMatchObject({
      '@type': 'Answer',
      text: 'Settings → Team → Invite, as a Viewer.',
      url: `${ORIGIN}/p/${post().id}#comment-${accepted.id}`,
      author: { name: 'Sam from Product' },
    });
    expect(question.suggestedAnswer?.map((a) => a.text)).toEqual(['Try the Viewer role.', 'Ask an admin.']);
  });

  it('leaves hidden and deleted comments out of the answers, and caps the suggested ones', () => {
    const hidden = comment({ hidden: true, body: 'Staff-only text that was hidden' });
    const deleted = comment({ deleted: true, body: '' });
    const acceptedButHidden = comment({ hidden: true, body: 'Once accepted, then hidden' });
    const many = Array.from({ length: MAX_SUGGESTED_ANSWERS + 2 }, () => comment());
    const data = postJsonLd(
      post({ acceptedCommentId: acceptedButHidden.id }),
      [hidden, deleted, acceptedButHidden, ...many],
      ORIGIN,
    );
    const json = JSON.stringify(data);
    expect(json).not.toContain('hidden');
    expect(json).not.toContain(hidden.id);
    expect(json).not.toContain(deleted.id);
    const question = data?.mainEntity as Question;
    expect(question.acceptedAnswer).toBeUndefined();
    expect(question.suggestedAnswer).toHaveLength(MAX_SUGGESTED_ANSWERS);
    expect(question.answerCount).toBe(many.length);
  });

  it('makes an idea or a bug a DiscussionForumPosting with its votes and comments', () => {
    for (const kind of ['idea', 'bug'] as const) {
      const data = postJsonLd(
        post({ kind, title: 'Dark mode', body: '# Please\n\nMy eyes.' }),
        [comment()],
        ORIGIN,
      );
      expect(data).toEqual({
        '@context': 'https://schema.org',
        '@type': 'DiscussionForumPosting',
        url: `${ORIGIN}/p/${post().id}`,
        headline: 'Dark mode',
        text: 'Please My eyes.',
        datePublished: '2026-01-02T10:00:00.000Z',
        author: { '@type': 'Person', name: 'Casey Customer' },
        interactionStatistic: [
          {
            '@type': 'InteractionCounter',
            interactionType: 'https://schema.org/LikeAction',
            userInteractionCount: 4,
          },
          {
            '@type': 'InteractionCounter',
            interactionType: 'https://schema.org/CommentAction',
            userInteractionCount: 3,
          },
        ],
      });
    }
  });

  it('has nothing for a story', () => {
    expect(postJsonLd(post({ kind: 'story' }), [], ORIGIN)).toBeNull();
  });

  it('trims a long text near the limit, at a word', () => {
    const data = postJsonLd(post({ kind: 'idea', body: 'word '.repeat(1000) }), [], ORIGIN);
    const text = data?.text as string;
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(text).toMatch(/word…$/);
  });

  it('cannot end its script, whatever the title says', () => {
    const title = 'Export fails</script><script>alert(1)</script>';
    const data = postJsonLd(post({ kind: 'idea', title }), [], ORIGIN);
    const json = jsonForScript(data);
    expect(json).not.toMatch(/<\/script/i);
    expect(JSON.parse(json)).toMatchObject({ headline: title });
  });
});
