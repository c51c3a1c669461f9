/**
 * The demo people, as the host product would describe them in its SSO token. The seed creates them and
 * the local-only dev sign-in signs in as them, so both name the same users.
 */
import type { SsoClaims } from '../auth/sso-token.ts';

export const DEMO_CUSTOMER: SsoClaims = {
  sub: 'demo-customer',
  email: 'casey@customer.example',
  name: 'Casey Customer',
  company: 'Acme Logistics',
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

export const DEMO_VOTERS: SsoClaims[] = [
  ['Priya Raman', 'Northwind'],
  ['Jonas Weber', 'Globex'],
  ['Amara Okafor', 'Initech'],
  ['Lena Fischer', 'Umbrella Health'],
  ['Mateo Silva', 'Acme Logistics'],
  ['Yuki Tanaka', 'Hooli'],
  ['Noah Brooks', 'Stark Retail'],
].map(([name, company], i) => ({
  sub: `demo-voter-${i + 1}`,
  email: `${(name ?? '').split(' ')[0]?.toLowerCase()}@voter.example`,
  name: name ?? '',
  company,
  role: 'customer' as const,
}));
