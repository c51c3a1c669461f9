/** The two stages the CDK tests synthesize: dev, and prod with a custom domain and a WAF web ACL. */
import { synthHearth, TEST_STAGE_CONFIG, type Synthesized } from './synth.ts';

export const PROD_CONFIG = {
  ...TEST_STAGE_CONFIG,
  domain: {
    name: 'feedback.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  },
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hearth/11111111-2222-3333-4444-555555555555',
};

/** Both stages in one app, as they would share an account; bundling is proven by the artefact tests. */
export const synthDevAndProd = (): Synthesized =>
  synthHearth({ stages: { dev: TEST_STAGE_CONFIG, prod: PROD_CONFIG } });
