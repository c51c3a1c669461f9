/**
 * Email on SES: the sender's domain as an identity (DKIM, records given as stack outputs) and a
 * configuration set that keeps bounced and complaining addresses off future sends; SES pauses an
 * account at 10% bounces or 0.5% complaints, so the suppression list protects every stage's sending.
 */
import { Arn, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  stage: string;
  /** The From of every email, `Name <address>` or a bare address. */
  fromAddress: string;
  domain: string;
  /** Whether this stage creates the domain's identity or uses one that exists (stage config). */
  identity: 'create' | 'existing';
}

export class Mail extends Construct {
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  private readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.fromAddress = props.fromAddress;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `hearth-${props.stage}`,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    if (props.identity === 'existing') {
      this.identity = ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', props.domain);
      return;
    }
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });
    this.identity = identity;
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME ${i + 1} for ${props.domain}: add it to the domain's DNS`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }

  /**
   * Sending from the stage's address through its configuration set, and nothing else. While the
   * account is in the SES sandbox, SES also authorizes against each recipient's (verified) identity,
   * so identities in general are allowed, but only with this From address.
   */
  grantSend(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    const configurationSetArn = Arn.format(
      {
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      },
      stack,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Arn.format({ service: 'ses', resource: 'identity', resourceName: '*' }, stack)],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
      }),
    );
  }
}
