/**
 * What a story's author allows marketing to do with it, in plain words. The author picks a level; the
 * exact text they were shown is stored with its version and the time, so that any use can be proven
 * against what was agreed. Levels are ordered from narrowest to widest: only the author may move to a
 * wider one, and every output (page, wall, API, export, digest) renders a story through `attribution`
 * and `mayQuote` at the moment it is read, so a narrowing or a withdrawal holds everywhere at once.
 */
export const CONSENT_LEVELS = [
  'withdrawn',
  'internal',
  'anonymous',
  'first_name_role',
  'full_name',
  'name_company_logo',
] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

/** The levels an author chooses from; withdrawing is its own action. */
export const CHOOSABLE_CONSENT_LEVELS = CONSENT_LEVELS.filter((l) => l !== 'withdrawn');

/** Bumped whenever a text below changes: a stored consent names the version whose text it agreed to. */
export const CONSENT_VERSION = '2026-12-03';

export const CONSENT_TEXT: Record<ConsentLevel, string> = {
  withdrawn: 'I withdraw my consent: do not use my story anywhere, and take it down where it is shown.',
  internal: 'Only people inside the company may read my story. Do not publish or quote it.',
  anonymous: 'You may publish and quote my story without my name or my company.',
  first_name_role: 'You may publish and quote my story with my first name and my role, not my company.',
  full_name: 'You may publish and quote my story with my full name and my role, not my company.',
  name_company_logo:
    "You may publish and quote my story with my full name, my role, my company's name and logo.",
};

/** Short labels for lists and filters. */
export const CONSENT_LABEL: Record<ConsentLevel, string> = {
  withdrawn: 'Withdrawn',
  internal: 'Internal only',
  anonymous: 'Anonymous',
  first_name_role: 'First name and role',
  full_name: 'Full name',
  name_company_logo: 'Name, company and logo',
};

const rank = (level: ConsentLevel) => CONSENT_LEVELS.indexOf(level);

export const isWider = (next: ConsentLevel, than: ConsentLevel) => rank(next) > rank(than);

/** Whether the story may be shown or quoted outside the company at all. */
export const isPublic = (level: ConsentLevel) => rank(level) >= rank('anonymous');

/** Whether a post may appear under its author's name: anything but a story whose consent withholds it. */
export const namesItsAuthor = (post: {
  kind: string;
  story?: { consent: { level: ConsentLevel } } | undefined;
}) =>
  post.kind !== 'story' ||
  post.story?.consent.level === 'full_name' ||
  post.story?.consent.level === 'name_company_logo';

/** Whether staff and internal digests may read it (withdrawn: nobody but its author and the audit). */
export const isUsableInternally = (level: ConsentLevel) => rank(level) >= rank('internal');

export interface AttributionFacts {
  name: string;
  role?: string | undefined;
  company?: string | undefined;
}

/** How a public use names the author, as the level allows; null where it may not be used at all. */
export interface Attribution {
  /** "A customer", "Casey, Operations lead", "Casey Customer, Operations lead, Acme Logistics". */
  byline: string;
  name?: string;
  role?: string;
  company?: string;
  /** Whether the company's logo may be shown beside it. */
  logo: boolean;
}

export function attribution(level: ConsentLevel, facts: AttributionFacts): Attribution | null {
  if (!isPublic(level)) return null;
  const role = facts.role?.trim() || undefined;
  const first = facts.name.trim().split(/\s+/)[0] ?? facts.name;
  switch (level) {
    case 'anonymous':
      return { byline: 'A customer', logo: false };
    case 'first_name_role':
      return {
        byline: [first, role].filter(Boolean).join(', '),
        name: first,
        ...(role ? { role } : {}),
        logo: false,
      };
    case 'full_name':
      return {
        byline: [facts.name, role].filter(Boolean).join(', '),
        name: facts.name,
        ...(role ? { role } : {}),
        logo: false,
      };
    default: {
      const company = facts.company?.trim() || undefined;
      return {
        byline: [facts.name, role, company].filter(Boolean).join(', '),
        name: facts.name,
        ...(role ? { role } : {}),
        ...(company ? { company } : {}),
        logo: company !== undefined,
      };
    }
  }
}

/** The disclosure every public use of an incentivised story carries (FTC 16 CFR 255). */
export const disclosureLine = (incentive: string) =>
  `This customer received ${incentive} for sharing their story.`;
