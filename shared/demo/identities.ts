/**
 * The demo people, as the host product would describe them in its SSO token. The seed creates them and
 * the local-only dev sign-in signs in as them, so both name the same users.
 */
import type { SsoClaims } from '../auth/sso-token.ts';

/** A company as a host product names it in a claim: its own id, MRR, plan and account owner. */
export type DemoCompany = Exclude<SsoClaims['company'], string | undefined>;

/** The sales rep who owns the demo accounts: signed in, they see whose requests to follow up. */
export const DEMO_SALES: SsoClaims = {
  sub: 'demo-sales',
  email: 'riley@hearth.example',
  name: 'Riley from Sales',
  role: 'staff',
};

/** Staff who reads demand to plan launches and announcements; owns no accounts. */
export const DEMO_MARKETER: SsoClaims = {
  sub: 'demo-marketer',
  email: 'morgan@hearth.example',
  name: 'Morgan from Marketing',
  role: 'staff',
};

const owned = (id: string, name: string, mrr: number, plan: string): DemoCompany => ({
  id,
  name,
  mrr,
  plan,
  owner: DEMO_SALES.email,
});

/**
 * The accounts behind the demo customers. MRR spreads from a few hundred to about 20k, and two
 * companies have two people each, so that demand visibly counts a company (and its MRR) once.
 */
export const DEMO_COMPANIES = {
  acme: owned('acme-logistics', 'Acme Logistics', 18_400, 'Enterprise'),
  northwind: owned('northwind', 'Northwind', 2_300, 'Growth'),
  globex: owned('globex', 'Globex', 9_750, 'Enterprise'),
  initech: owned('initech', 'Initech', 450, 'Starter'),
  umbrella: owned('umbrella-health', 'Umbrella Health', 5_200, 'Growth'),
  stark: owned('stark-retail', 'Stark Retail', 890, 'Starter'),
} as const satisfies Record<string, DemoCompany>;

/** Accounts nobody from has signed in or voted yet: a rep's account list is not only the active ones. */
export const DEMO_QUIET_COMPANIES: DemoCompany[] = [
  owned('wayne-freight', 'Wayne Freight', 12_600, 'Enterprise'),
  owned('soylent-foods', 'Soylent Foods', 320, 'Starter'),
];

export const DEMO_CUSTOMER: SsoClaims = {
  sub: 'demo-customer',
  email: 'casey@customer.example',
  name: 'Casey Customer',
  company: DEMO_COMPANIES.acme,
  role: 'customer',
};

export const DEMO_STAFF: SsoClaims = {
  sub: 'demo-staff',
  email: 'sam@hearth.example',
  name: 'Sam from Product',
  role: 'staff',
};

export const DEMO_ADMIN: SsoClaims = {
  sub: 'demo-admin',
  email: 'alex@hearth.example',
  name: 'Alex Admin',
  role: 'admin',
};

// Mateo shares Acme with Casey and Yuki shares Northwind with Priya: their votes count each company once.
export const DEMO_VOTERS: SsoClaims[] = (
  [
    ['Priya Raman', DEMO_COMPANIES.northwind],
    ['Jonas Weber', DEMO_COMPANIES.globex],
    ['Amara Okafor', DEMO_COMPANIES.initech],
    ['Lena Fischer', DEMO_COMPANIES.umbrella],
    ['Mateo Silva', DEMO_COMPANIES.acme],
    ['Yuki Tanaka', DEMO_COMPANIES.northwind],
    ['Noah Brooks', DEMO_COMPANIES.stark],
  ] as const
).map(([name, company], i) => ({
  sub: `demo-voter-${i + 1}`,
  email: `${name.split(' ')[0]?.toLowerCase()}@voter.example`,
  name,
  company,
  role: 'customer' as const,
}));

/** The people the local dev sign-in offers, by the key its form posts. */
export const DEMO_SIGN_IN_PEOPLE = {
  customer: DEMO_CUSTOMER,
  staff: DEMO_STAFF,
  sales: DEMO_SALES,
  marketer: DEMO_MARKETER,
  admin: DEMO_ADMIN,
} as const;
