/**
 * The public front: one CloudFront distribution. Hashed build assets come from a private S3 bucket
 * (origin access control) and are cached for a year; `/api/*` and every other path go to the HTTP API,
 * whose routes hand pages to the SvelteKit Lambda and API calls to the API Lambdas. A CloudFront
 * Function fixes the two things that break SvelteKit behind CloudFront: form actions' `?/name` query
 * keys, and the Host the app must see for its origin checks. Every request to the HTTP API carries the
 * stack's origin secret, without which the functions answer 403 (the execute-api URL stays public).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/client-address.ts';
import { SECRET_KEYS } from '../../shared/runtime/secret-keys.ts';
import type { StageConfig } from '../stage-config.ts';
import { repoRoot } from './handler-function.ts';

export interface WebFrontProps {
  stage: string;
  api: apigwv2.HttpApi;
  /** SvelteKit's client build (web/build/client). */
  clientDir: string;
  domain?: StageConfig['domain'];
  webAclArn?: string;
  /** Its `origin` key is sent to the HTTP API as `x-origin-verify` on every request. */
  originSecret: secretsmanager.ISecret;
}

/** Hashed file names change with their content, so a year is safe; everything else revalidates. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const MUTABLE_CACHE = 'public, max-age=300, must-revalidate';

export class WebFront extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly viewerRequest: cloudfront.Function;
  /** The hashed files; a web server that renders pages pointing at them must not start before it. */
  readonly immutableAssets: s3deploy.BucketDeployment;
  /** What visitors type: the custom domain, else the distribution's own name. */
  readonly publicOrigin: string;

  constructor(scope: Construct, id: string, props: WebFrontProps) {
    super(scope, id);
    if (!existsSync(join(props.clientDir, '_app', 'immutable'))) {
      throw new Error(`No web build at ${props.clientDir}: run \`npm run build:web\` first.`);
    }

    this.bucket = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only build output lives here; every deploy writes it again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.viewerRequest = new cloudfront.Function(this, 'ViewerRequest', {
      functionName: `hearth-${props.stage}-viewer-request`,
      comment: 'Re-encodes form-action query keys; passes the viewer Host on as X-Forwarded-Host',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromFile({ filePath: join(repoRoot, 'infra/edge/viewer-request.js') }),
    });

    // API Gateway answers only to its own Host, so the viewer's is left out here and restored for the
    // app as X-Forwarded-Host by the function above.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    // CloudFront compresses only under a cache policy that allows gzip and brotli, and it refuses those
    // on a policy whose TTLs are all 0 (the managed CachingDisabled one): so the maximum is 1 second.
    // Nothing is cached by default (default TTL 0), and the origin's `private`/`no-store` are obeyed
    // (minimum 0); only a response marked public could be kept, for a second at most. The key holds no
    // cookies or query strings, so such a response must be the same for everyone (the Atom feed is);
    // the origin request policy still forwards them all.
    const dynamicCachePolicy = new cloudfront.CachePolicy(this, 'DynamicCachePolicy', {
      comment: 'Pages and API: compressed at the edge, not cached unless the origin says public',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const dynamic: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(apiHost, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // A CloudFormation dynamic reference ({{resolve:secretsmanager:…}}): the template holds no value,
        // CloudFormation reads it at deploy time. It replaces a header of that name sent by the viewer.
        customHeaders: {
          [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValueFromJson(SECRET_KEYS.origin).unsafeUnwrap(),
        },
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: dynamicCachePolicy,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      functionAssociations: [
        { function: this.viewerRequest, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
      ],
      compress: true,
    };
    const assets: cloudfront.BehaviorOptions = {
      origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      // Honours each object's Cache-Control (set at upload, below).
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    };
    const staticPaths = topLevelStaticPaths(props.clientDir);

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Hearth ${props.stage}`,
      defaultBehavior: dynamic,
      additionalBehaviors: {
        '/api/*': dynamic,
        '/_app/*': assets,
        ...Object.fromEntries(staticPaths.map((path) => [path, assets])),
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.domain
        ? {
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            domainNames: [props.domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    this.publicOrigin = props.domain
      ? `https://${props.domain.name}`
      : `https://${this.distribution.distributionDomainName}`;

    // Two uploads because the two halves need different Cache-Control. Nothing is pruned: pages rendered
    // before a deploy keep pointing at the hashed files of their build.
    this.immutableAssets = new s3deploy.BucketDeployment(this, 'ImmutableAssets', {
      sources: [s3deploy.Source.asset(join(props.clientDir, '_app', 'immutable'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: '_app/immutable/',
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE_CACHE)],
      prune: false,
      memoryLimit: 512,
    });
    const mutable = new s3deploy.BucketDeployment(this, 'MutableAssets', {
      sources: [s3deploy.Source.asset(props.clientDir, { exclude: ['_app/immutable', '_app/immutable/**'] })],
      destinationBucket: this.bucket,
      cacheControl: [s3deploy.CacheControl.fromString(MUTABLE_CACHE)],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/_app/version.json', ...staticPaths],
      memoryLimit: 512,
    });
    mutable.node.addDependency(this.immutableAssets);
  }
}

/** CloudFront path patterns for the files and folders at the top of the client build, besides `_app`. */
export function topLevelStaticPaths(clientDir: string): string[] {
  return readdirSync(clientDir)
    .filter((name) => name !== '_app')
    .sort()
    .map((name) => (statSync(join(clientDir, name)).isDirectory() ? `/${name}/*` : `/${name}`));
}
