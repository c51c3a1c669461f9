import type { PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { jsonForScript } from '$lib/server/json-ld.ts';

/** The product the stories are about, as search engines should name it. */
const PRODUCT_NAME = 'Hearth';

export const load: PageServerLoad = async ({ locals, url }) => {
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const { services, config } = runtime();
  const page = await loadOrError(() =>
    services.stories.wall(locals.actor, { limit: 24, ...(cursor ? { cursor } : {}) }),
  );
  // The wall lists public, approved quotes only; a story without one (consent narrowed since) is left out.
  const cards = page.stories.flatMap((post) => {
    const story = post.story;
    if (!story?.quote || !story.attribution) return [];
    return [
      {
        id: post.id,
        title: post.title,
        quote: story.quote,
        byline: story.attribution.byline,
        name: story.attribution.name,
        company: story.attribution.company,
        outcome: story.outcome,
        disclosure: story.disclosure,
      },
    ];
  });
  return {
    cards,
    nextCursor: page.nextCursor,
    firstPage: cursor === undefined,
    jsonLd: jsonForScript(reviews(cards, config.siteUrl.replace(/\/+$/, ''))),
  };
};

type Card = { id: string; quote: string; name?: string | undefined };

/** schema.org Reviews of the product: the approved quote, by the name the consent allows. */
function reviews(cards: Card[], origin: string) {
  const product = { '@type': 'SoftwareApplication', name: PRODUCT_NAME, url: `${origin}/` };
  return {
    '@context': 'https://schema.org',
    '@graph': cards.map((card) => ({
      '@type': 'Review',
      url: `${origin}/p/${card.id}`,
      reviewBody: card.quote,
      author: { '@type': 'Person', name: card.name ?? 'Anonymous customer' },
      itemReviewed: product,
    })),
  };
}
